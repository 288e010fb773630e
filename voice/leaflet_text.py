"""The leaflet's text as the patient would read it: sections, paragraphs, lists.

The file format is the simplest one that keeps the leaflet word for word:
`# ` the title, `## ` a section, `### ` a sub-heading, `- ` a list item, a blank line
between blocks; anything before the first section (the unit's name) is the cover.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from voice.folding import fold, squash
from voice.toml_source import ContentError, Problem, read_text


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "paragraph" or "list"
    lines: tuple[str, ...]  # a list's items, a paragraph's lines, a heading's one line


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    blocks: tuple[Block, ...]

    def passages(self) -> list[str]:
        """Heading then every line and item, in reading order: how the section is read aloud."""
        return [self.heading] + [line for block in self.blocks for line in block.lines]


@dataclass(frozen=True)
class LeafletText:
    path: Path
    cover: tuple[str, ...]
    title: str
    sections: tuple[Section, ...]

    @property
    def items(self) -> frozenset[str]:
        return frozenset(item for s in self.sections for b in s.blocks if b.kind == "list" for item in b.lines)

    @property
    def flat(self) -> str:
        """All text in reading order as one line, for checking that a quote is verbatim."""
        parts = [*self.cover, self.title]
        for section in self.sections:
            parts.extend(section.passages())
        return squash(" ".join(parts))

    def contains(self, passage: str) -> bool:
        return squash(passage) in self.flat

    def sentences(self, abbreviations: tuple[str, ...]) -> list[str]:
        """Every sentence of the body (not headings), for checking what topics leave out."""
        found = []
        for section in self.sections:
            for block in section.blocks:
                if block.kind == "heading":
                    continue
                for line in block.lines:
                    found.extend(split_sentences(line, abbreviations))
        return found

    def block_after(self, line: str) -> Block | None:
        """The block that a line such as "Kom meteen terug ...:" introduces."""
        for section in self.sections:
            blocks = section.blocks
            for i, block in enumerate(blocks):
                if squash(line) in (squash(x) for x in block.lines):
                    if block.lines[-1] != line and block.kind == "paragraph":
                        rest = block.lines[block.lines.index(line) + 1 :]
                        return Block("paragraph", rest)
                    return blocks[i + 1] if i + 1 < len(blocks) else None
        return None


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý“\"(])")


def split_sentences(text: str, abbreviations: tuple[str, ...]) -> list[str]:
    pieces = _SENTENCE_END.split(squash(text))
    sentences: list[str] = []
    for piece in pieces:
        if sentences and sentences[-1].split()[-1].lstrip('(“"').casefold() in abbreviations:
            sentences[-1] += " " + piece
        else:
            sentences.append(piece)
    return sentences


def _slug(heading: str) -> str:
    return "-".join(fold(heading).split())


def parse(path: Path) -> LeafletText:
    raw = read_text(path)

    problems: list[Problem] = []
    cover: list[str] = []
    title = ""
    sections: list[tuple[str, list[Block]]] = []
    current: list[str] = []
    current_kind = ""

    def close_block() -> None:
        nonlocal current, current_kind
        if current:
            if sections:
                sections[-1][1].append(Block(current_kind, tuple(current)))
            else:
                cover.extend(current)
        current, current_kind = [], ""

    for number, raw_line in enumerate(raw.splitlines(), start=1):
        line = squash(raw_line)
        if not line:
            close_block()
        elif line.startswith("### "):
            close_block()
            if not sections:
                problems.append(Problem(path, number, "a sub-heading (###) before the first section (##)"))
                continue
            sections[-1][1].append(Block("heading", (line[4:],)))
        elif line.startswith("## "):
            close_block()
            sections.append((line[3:], []))
        elif line.startswith("# "):
            close_block()
            if title:
                problems.append(Problem(path, number, "a second title (#); sections start with ##"))
            title = line[2:]
        elif line.startswith("#"):
            problems.append(Problem(path, number, "a heading needs a space after its #, ## or ###"))
        else:
            kind = "list" if line.startswith("- ") else "paragraph"
            if current and kind != current_kind:
                close_block()
            current_kind = kind
            current.append(line[2:] if kind == "list" else line)
    close_block()

    if not title:
        problems.append(Problem(path, None, "no title line ('# Title')"))
    if not sections:
        problems.append(Problem(path, None, "no sections ('## Heading')"))
    for heading, blocks in sections:
        if not blocks:
            problems.append(Problem(path, None, f"section '{heading}' is empty"))
    if problems:
        raise ContentError(problems)
    return LeafletText(
        path,
        tuple(cover),
        title,
        tuple(Section(_slug(h), h, tuple(b)) for h, b in sections),
    )
