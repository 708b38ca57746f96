"""What a running ingest tells its user: a tqdm bar on a terminal, log lines otherwise.

On a terminal the bar shows documents done of the total (when the inputs can be counted),
documents/s, words/s, elapsed time and the time left. In a log (standard error not a
terminal) one line every ``every`` documents says the same, because a redrawn bar is
unreadable there. Each failed document is one ``newskg: error:`` line as it happens, and the
run ends with one summary line: ingested, skipped, failed, time.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from tqdm import tqdm

from newskg.graph.ingest.stream import Event, RunReport

#: A log line every this many documents when standard error is not a terminal.
DEFAULT_LOG_EVERY = 100


class IngestProgress:
    """The ingest's listener: prints summaries, failures, progress and the closing line."""

    def __init__(self, total: int | None, bar: bool, log_every: int = DEFAULT_LOG_EVERY,
                 out: TextIO | None = None, err: TextIO | None = None,
                 as_json: bool = False) -> None:
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.total = total
        self.log_every = log_every
        #: With --format json the documents' summaries are printed as one array at the end.
        self.documents: list[dict] | None = [] if as_json else None
        self._bar = None
        if bar:
            self._bar = tqdm(total=total, unit="doc", file=self.err, dynamic_ncols=True,
                             smoothing=0.1, mininterval=0.5,
                             bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} "
                             "[{elapsed}<{remaining}, {rate_fmt}{postfix}]")

    def __call__(self, event: Event, report: RunReport) -> None:
        if event.kind == "ingested" and event.summary is not None:
            summary = event.summary
            if self.documents is None:
                self.out.write(summary.line() + "\n")
            else:
                self.documents.append({
                    "id": summary.document, "document": summary.iri,
                    "statements": summary.statements, "actors": summary.actors,
                    "triples": summary.triples, "warnings": list(summary.warnings)})
            for warning in event.summary.warnings:
                self._note(f"newskg: warning: {event.summary.document}: {warning}")
        elif event.kind == "skipped" and self.documents is None:
            self.out.write(f"{event.origin}: unchanged, skipped\n")
        elif event.kind == "failed":
            self._note(f"newskg: error: {event.origin}: {event.message}")
        if self._bar is not None:
            self._bar.set_postfix_str(f"{_rate(report.words, report.seconds)} words/s",
                                      refresh=False)
            self._bar.update(1)
        elif self.log_every and report.done % self.log_every == 0:
            self.err.write(f"newskg: {self._status(report)}\n")
            self.err.flush()

    def _note(self, line: str) -> None:
        if self._bar is not None:
            self._bar.write(line, file=self.err)
        else:
            self.err.write(line + "\n")

    def _status(self, report: RunReport) -> str:
        of = f" of {self.total}" if self.total else ""
        return (f"{report.done}{of} documents ({report.ingested} ingested, {report.skipped} "
                f"skipped, {report.failed} failed), {_rate(report.done, report.seconds)} "
                f"documents/s, {_rate(report.words, report.seconds)} words/s, "
                f"{_clock(report.seconds)} elapsed")

    def finish(self, report: RunReport, engine: str = "", summary: bool = True) -> None:
        """Close the bar and print the summary line (not for a single document)."""
        if self._bar is not None:
            self._bar.close()
        if self.documents is not None:
            self.out.write(json.dumps(self.documents, ensure_ascii=False, indent=2) + "\n")
        if not summary:
            self.out.flush()
            return
        where = f" on {engine}" if engine else ""
        self.err.write(
            f"newskg: {report.ingested} ingested, {report.skipped} skipped, {report.failed} "
            f"failed in {report.seconds:.1f} s{where} ({_rate(report.done, report.seconds)} "
            f"documents/s, {_rate(report.words, report.seconds)} words/s)\n"
        )
        self.err.flush()
        self.out.flush()


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.1f}" if seconds > 0 else "-"


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"
