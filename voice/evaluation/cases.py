"""Test sets: the TSV of typed utterances and the JSONL manifest of recordings.

Both formats are those of ../shared/speech (see its README), so that a hospital can
record its own patients' questions and evaluate on them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

KINDS = ("emergency", "gp", "answer", "not_covered", "not_understood", "control")


class SetError(ValueError):
    """A test set that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Case:
    id: str
    text: str  # what was said (the reference transcript)
    first_kind: tuple[str, ...]  # kinds the first response may have
    must_say: tuple[tuple[str, ...], ...]  # all items; within an item, any alternative
    must_not_kind: tuple[str, ...] = ()  # kinds no response may have
    audio: Path | None = None
    noise: str | None = None
    snr_db: float | None = None

    @property
    def condition(self) -> str:
        return "clean" if not self.noise else f"{self.noise} {self.snr_db:g} dB"


def _kinds(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [k for k in value.split("|") if k]
    if not isinstance(value, list) or not all(isinstance(k, str) and k in KINDS for k in value):
        raise SetError(f"{where}: kinds must be among {', '.join(KINDS)}, got {value!r}")
    return tuple(value)


def _must_say(value: object, where: str) -> tuple[tuple[str, ...], ...]:
    if isinstance(value, str):
        value = [item.split("/") for item in value.split("|") if item]
    if not isinstance(value, list) or not all(
        isinstance(item, list) and item and all(isinstance(a, str) for a in item) for item in value
    ):
        raise SetError(f"{where}: must_say must be a list of lists of phrases, got {value!r}")
    return tuple(tuple(item) for item in value)


def read_tsv(path: Path) -> list[Case]:
    """`id  first_kind  must_say  text`, `#` comments, as ../shared/speech/dev/utterances.tsv."""
    cases = []
    for number, line in enumerate(_lines(path), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        where = f"{path}:{number}"
        if len(fields) != 4:
            raise SetError(
                f"{where}: expected 4 tab-separated fields (id, first_kind, must_say, text), got {len(fields)}"
            )
        ident, first_kind, must_say, text = fields
        cases.append(Case(ident, text, _kinds(first_kind, where), _must_say(must_say, where)))
    return cases


def read_manifest(path: Path) -> list[Case]:
    """One JSON object per line; `audio` is relative to the manifest's folder."""
    cases = []
    for number, line in enumerate(_lines(path), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as error:
            raise SetError(f"{where}: not valid JSON: {error.msg}") from None
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise SetError(f"{where}: each line must be an object with an 'id'")
        audio = entry.get("audio")
        snr = entry.get("snr_db")
        cases.append(
            Case(
                id=entry["id"],
                text=str(entry.get("text", "")),
                first_kind=_kinds(entry.get("first_kind", []), where),
                must_say=_must_say(entry.get("must_say", []), where),
                must_not_kind=_kinds(entry.get("must_not_kind", []), where),
                audio=(path.parent / audio) if isinstance(audio, str) else None,
                noise=entry.get("noise") if isinstance(entry.get("noise"), str) else None,
                snr_db=float(snr) if isinstance(snr, (int, float)) else None,
            )
        )
    return cases


def read_set(path: Path) -> list[Case]:
    """A set by its file name: `.tsv` typed, `.jsonl` recorded."""
    if path.suffix == ".tsv":
        return read_tsv(path)
    if path.suffix in (".jsonl", ".json"):
        return read_manifest(path)
    raise SetError(f"{path}: unknown set format; use a .tsv of utterances or a .jsonl manifest")


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise SetError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SetError(f"{path}: cannot be read: {error}") from None
