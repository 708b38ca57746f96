"""Statements: tokenised sentences and actor mentions to attributed statements (speaker, cue,
kind, quote form, content span). Cues and their lexicon are found first; verbs (with
``verb_speakers``), frames, colons, nouns, objects, mood cues, continuations and free
quotations each propose statements; ``extract`` composes them and ``kinds`` decides each
statement's kind."""
