"""Each benchmark run appends what it printed, under a dated heading, to
docs/benchmark-results.md: the figures of every run stay side by side, and no run rewrites a
document by hand."""

import contextlib
import io
import sys
from datetime import datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent.parent / "docs" / "benchmark-results.md"


class _Tee(io.TextIOBase):
    def __init__(self, stream):
        self.stream, self.kept = stream, io.StringIO()

    def write(self, text: str) -> int:
        self.kept.write(text)
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()


@contextlib.contextmanager
def recorded(command: str):
    """Print as usual; once the run has ended without error, append its output to the results."""
    tee = _Tee(sys.stdout)
    with contextlib.redirect_stdout(tee):
        yield
    heading = f"## {datetime.now():%Y-%m-%d %H:%M}, `{command}`"
    with RESULTS.open("a", encoding="utf-8") as file:
        file.write(f"\n{heading}\n\n```text\n{tee.kept.getvalue().rstrip()}\n```\n")
