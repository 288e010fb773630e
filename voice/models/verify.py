"""Checking model files against their pins, byte for byte."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from voice.models.catalogue import ModelSpec


@dataclass(frozen=True)
class Mismatch:
    path: str
    why: str  # missing, wrong size, wrong content


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check(spec: ModelSpec, folder: Path) -> list[Mismatch]:
    """Every pinned file present with the pinned size and sha256; nothing else is looked at."""
    problems = []
    for pinned in spec.files:
        path = folder / pinned.path
        if not path.is_file():
            problems.append(Mismatch(pinned.path, "missing"))
        elif path.stat().st_size != pinned.size:
            problems.append(Mismatch(pinned.path, f"{path.stat().st_size} bytes, expected {pinned.size}"))
        elif sha256(path) != pinned.sha256:
            problems.append(Mismatch(pinned.path, "content differs from the pinned sha256"))
    return problems
