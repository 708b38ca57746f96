"""Quotation marks: where a text's quotations lie, as pairs of the offsets of their marks.

Statements are found in and around quotations (their content is often one; a cue inside
one is quoted, not said), so every statement pattern asks the :class:`QuoteIndex` of the
document whether an offset lies inside a quotation and what form a span has.
"""

from __future__ import annotations

import bisect

#: Opening mark -> the closing marks that end it.
_QUOTE_PAIRS = {"„": "“”\"", "“": "”", "»": "«", "«": "»", '"': '"'}


class QuoteIndex:
    """The outermost quotations of a text as ``(open, close)`` index pairs of their marks.

    German news opens with „ and closes with “ (or uses » «, or straight quotes), so a
    closing mark depends on the opening one. An unclosed quotation ends at its line.
    """

    def __init__(self, text: str) -> None:
        self.regions: list[tuple[int, int]] = []
        opened: int | None = None
        expect = ""
        for pos, ch in enumerate(text):
            if ch == "\n" and opened is not None:
                self.regions.append((opened, pos - 1))
                opened = None
            elif opened is None and ch in _QUOTE_PAIRS:
                if ch in '"“' and pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] in ".!?"):
                    continue  # a stray straight quote or a closing “ after a word: no opening
                opened, expect = pos, _QUOTE_PAIRS[ch]
            elif opened is not None and ch in expect:
                self.regions.append((opened, pos))
                opened = None
        if opened is not None:
            self.regions.append((opened, len(text) - 1))
        self._opens = [b for b, _ in self.regions]

    def region_at(self, pos: int) -> tuple[int, int] | None:
        """The quotation whose marks enclose ``pos`` (marks included), if any."""
        i = bisect.bisect_right(self._opens, pos) - 1
        if i >= 0 and self.regions[i][0] <= pos <= self.regions[i][1]:
            return self.regions[i]
        return None

    def inside(self, pos: int) -> bool:
        """True when ``pos`` lies strictly between a quotation's marks."""
        region = self.region_at(pos)
        return region is not None and region[0] < pos < region[1]

    def form(self, start: int, end: int) -> str:
        """"full" when ``[start, end)`` is one quotation, "partial" when it holds one, else
        "none"."""
        region = self.region_at(start)
        if region and region[0] == start and region[1] == end - 1:
            return "full"
        i = bisect.bisect_left(self._opens, start)
        if i < len(self.regions) and self.regions[i][0] < end:
            return "partial"
        return "partial" if region else "none"
