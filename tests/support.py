"""Helpers the tests share."""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from pathlib import Path

import pytest

from voice.dialogue import Session, Skill
from voice.folding import fold
from voice.locations import content_folder, shared_folder
from voice.responses import Kind, Response

REPO = Path(__file__).resolve().parent.parent
SHARED = shared_folder()
CONTENT = content_folder() / "lage-rugpijn"
FOLDERSTEM = shutil.which("folderstem", path=os.path.dirname(sys.executable)) or "folderstem"


def needs_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here (FOLDERSTEM_SHARED names the shared test data; default: ../shared)")
    return path


def ask(skill: Skill, text: str) -> list[Response]:
    return Session(skill).respond(text)


def kinds(responses: list[Response]) -> list[Kind]:
    return [r.kind for r in responses]


def warned(responses: list[Response]) -> list[str]:
    """The ids of the red flags the responses warn about, most urgent warning first."""
    return [flag.id for r in responses for flag in r.flags]


def spoken(responses: list[Response]) -> str:
    return fold(" ".join(r.text for r in responses))


def guard(writable: tuple[str, ...] = ()) -> str:
    """Python code that runs `folderstem` with an audit hook refusing any internet socket
    (local sockets, which a sound server uses, stay allowed) and any file opened for
    writing outside `writable` (folders or files)."""
    return textwrap.dedent(f"""
        import socket, sys
        def guard(event, args):
            if event == "socket.__new__" and args[1] in (socket.AF_INET, socket.AF_INET6):
                raise PermissionError("network use is forbidden in this test")
            if event == "open" and isinstance(args[0], str) and args[1] and any(m in args[1] for m in "wax+"):
                if not args[0].startswith(("/dev/", "/proc/", *{writable!r})):
                    raise PermissionError(f"writing {{args[0]}} is forbidden in this test")
        sys.addaudithook(guard)
        from voice.cli import main
        sys.exit(main(sys.argv[1:]))
    """)
