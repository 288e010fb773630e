"""`folderstem content check`: is a leaflet folder fit to be spoken to patients?"""

from __future__ import annotations

import argparse
from pathlib import Path

from voice.cli.common import load_skill
from voice.content_check import check
from voice.leaflet import default_folder


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("content", help="check leaflet content")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    checker = actions.add_parser("check", help="check a leaflet folder: quotes, red flags, coverage, example questions")
    checker.add_argument(
        "folder", nargs="?", type=Path, metavar="DIR", help="leaflet folder (default: content/lage-rugpijn)"
    )
    checker.set_defaults(run=run_check)


def run_check(args: argparse.Namespace) -> int:
    folder = args.folder or default_folder()
    skill = load_skill(folder)
    if skill is None:
        return 1
    report = check(skill)
    for problem in report.errors:
        print(f"error: {problem}")
    for problem in report.notes:
        print(f"note: {problem}")
    print(report.summary(skill.leaflet))
    return 0 if report.ok else 1
