"""The transcript log an operator may turn on to improve the content: off unless asked for.

One line per thing heard or said: the time in the conversation, who (`patient`, or the
kind and topic of what the assistant said, or `note`), and the words. Tab-separated,
so it reads as text and loads as a table.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO


class TranscriptLog:
    def __init__(self, path: Path):
        """`-` writes to standard output."""
        self._file: TextIO = sys.stdout if str(path) == "-" else path.open("a", encoding="utf-8")

    def write(self, seconds: float, who: str, text: str) -> None:
        minutes, rest = divmod(seconds, 60)
        self._file.write(f"{int(minutes):02d}:{rest:04.1f}\t{who}\t{' '.join(text.split())}\n")
        self._file.flush()

    def close(self) -> None:
        if self._file is not sys.stdout:
            self._file.close()
