"""Helpers the tests share."""
from __future__ import annotations

import os
import re
import shutil
import sys
import unicodedata
from pathlib import Path

import pytest

from voice.dialogue import Session, Skill
from voice.responses import Kind, Response

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CONTENT = REPO / "content" / "lage-rugpijn"
FOLDERSTEM = shutil.which("folderstem", path=os.path.dirname(sys.executable)) or "folderstem"


def needs_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared test data lives beside the repository)")
    return path


def ask(skill: Skill, text: str) -> list[Response]:
    return Session(skill).respond(text)


def kinds(responses: list[Response]) -> list[Kind]:
    return [r.kind for r in responses]


def plain(text: str) -> str:
    """Case, accents and punctuation folded away, as the shared test sets compare."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def spoken(responses: list[Response]) -> str:
    return plain(" ".join(r.text for r in responses))
