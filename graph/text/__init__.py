"""The text stage: a Document's text to sentences of tokens with part-of-speech tags, lemmas and
character offsets (SoMaJo, HanTa's model), and the grammar the later stages read from them:
quotation marks, noun phrases, clause boundaries and verb mood."""
