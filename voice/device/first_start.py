"""Whether this is the device's first start of the day, when the greeting gives the full
warning signs: the day they were last given is kept in $XDG_STATE_HOME/folderstem/ (a
date, nothing about the patient)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path


def state_file() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "folderstem" / "warnings-given"


def first_start_today(today: date, report: Callable[[str], None], path: Path | None = None) -> bool:
    """True the first time it is asked on `today`. Where the day cannot be kept, every start
    is a first one: an extra warning costs seconds."""
    path = path or state_file()
    try:
        if path.read_text(encoding="utf-8").strip() == today.isoformat():
            return False
    except (OSError, UnicodeError):  # not kept yet, or unreadable: it is written anew below
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(today.isoformat() + "\n", encoding="utf-8")
    except OSError as error:
        report(f"cannot write {path} ({error}); every start will give the warning signs")
    return True
