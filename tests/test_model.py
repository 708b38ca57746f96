from newskg.graph.model import KINDS, Span


def test_ten_statement_kinds():
    assert len(set(KINDS)) == 10 and "denial" in KINDS


def test_span_slices_text():
    assert Span(4, 9).text_of("Hallo Welt") == "o Wel"
