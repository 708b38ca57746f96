"""The text stage: a Document's text to sentences of tokens with part-of-speech tags, lemmas and
character offsets (``tokens``: SoMaJo via ``tokenizer``, HanTa's model via ``word_tags``,
``morphology`` and ``morpheme_index``), and the grammar the later stages read from them:
quotation marks (``quotes``), noun phrases (``phrases``), clause boundaries (``clauses``) and
the Konjunktiv of reported speech (``konjunktiv``)."""
