"""Statements: tokenised sentences and actor mentions to attributed statements (speaker, cue,
kind, quote form, content span). Cues and their lexicon are found first; verbs, frames, colons,
nouns, objects, moods, continuations and free quotations each propose statements; ``extract``
composes them."""
