"""Reading TOML data files so that every mistake names the file and the line.

`tomllib` reports syntax errors with a line but keeps no positions for values, so a
value's line is found by searching the source for it: good enough for a clinician to
find the entry to fix.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)")


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


class ContentError(Exception):
    """Content that cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError([Problem(path, None, "file is missing")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError([Problem(path, None, f"cannot be read: {error}")]) from None


@dataclass
class Source:
    path: Path
    text: str
    data: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> Source:
        text = read_text(path)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            # Before Python 3.14 the position is only in the message: "... (at line 3, column 7)".
            found = _POSITION.search(str(error))
            line = int(found.group(1)) if found else None
            message = _POSITION.sub("", str(error)).strip()
            raise ContentError([Problem(path, line, f"not valid TOML: {message}")]) from None
        return cls(path, text, data)

    def line_of(self, needle: str, after: int = 0) -> int | None:
        """First line (1-based) at or after `after` that contains `needle`."""
        lines = self.text.splitlines()
        probe = needle[:40]
        for number in range(max(after, 1), len(lines) + 1):
            if probe in lines[number - 1]:
                return number
        return None

    def table_line(self, array: str, index: int) -> int | None:
        """Line of the `index`-th `[[array]]` header."""
        seen = -1
        for number, line in enumerate(self.text.splitlines(), start=1):
            if line.strip() == f"[[{array}]]":
                seen += 1
                if seen == index:
                    return number
        return self.line_of(f"[{array}]")

    def problem(self, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.path, line, message))


@dataclass
class Table:
    """One TOML table, read with type checks that report into its source."""

    source: Source
    data: dict[str, Any]
    name: str
    line: int | None

    def text(self, key: str, default: str | None = None) -> str:
        """The text at `key`; `default` (when given) if the key is absent."""
        if key not in self.data and default is not None:
            return default
        value = self.data.get(key)
        if value is None:
            self.source.problem(f"{self.name}: '{key}' is missing", self.line)
            return ""
        if not isinstance(value, str) or not value.strip():
            self.source.problem(f"{self.name}: '{key}' must be non-empty text", self._line(key))
            return ""
        return value

    def texts(self, key: str, required: bool = True) -> list[str]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.source.problem(f"{self.name}: '{key}' is missing", self.line)
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.source.problem(f"{self.name}: '{key}' must be a list of non-empty texts", self._line(key))
            return []
        if required and not value:
            self.source.problem(f"{self.name}: '{key}' must not be empty", self._line(key))
        return value

    def number(self, key: str, default: int) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.source.problem(f"{self.name}: '{key}' must be a whole number above 0", self._line(key))
            return default
        return value

    def tables(self, key: str) -> list[Table]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.source.problem(f"'[[{key}]]' must be a list of tables", self.source.line_of(key))
            return []
        return [
            Table(self.source, item, f"[[{key}]] #{i + 1}", self.source.table_line(key, i))
            for i, item in enumerate(value)
        ]

    def table(self, key: str) -> Table:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            self.source.problem(f"'[{key}]' must be a table", self.source.line_of(key))
            value = {}
        return Table(self.source, value, f"[{key}]", self.source.line_of(f"[{key}]"))

    def _line(self, key: str) -> int | None:
        return self.source.line_of(f"{key} =", after=self.line or 0) or self.line


def root(source: Source) -> Table:
    return Table(source, source.data, source.path.name, None)
