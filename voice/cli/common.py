"""What the commands share: loading the leaflet once, with errors an operator can act on."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from voice import loading
from voice.dialogue import Skill
from voice.language import Language
from voice.leaflet import Leaflet
from voice.toml_source import ContentError

CONTENT_HELP = "leaflet folder (default: $FOLDERSTEM_CONTENT, else the shipped content/lage-rugpijn)"


def add_content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, metavar="DIR", help=CONTENT_HELP)


def load_skill(folder: Path | None) -> Skill | None:
    """The skill, or None after telling the operator what is wrong with the content."""
    try:
        return loading.load_skill(folder)
    except ContentError as error:
        _report(error)
        return None


def load_content(folder: Path | None) -> tuple[Leaflet, Language] | None:
    """The leaflet and the assistant's Dutch (loading.load_content), or None after telling
    the operator what is wrong with them."""
    try:
        return loading.load_content(folder)
    except ContentError as error:
        _report(error)
        return None


def _report(error: ContentError) -> None:
    print("folderstem: the leaflet content cannot be used:", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem}", file=sys.stderr)
    print("Fix these and check with: folderstem content check DIR", file=sys.stderr)
