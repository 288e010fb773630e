"""`folderstem content check` and `review`: is a leaflet folder fit to be spoken to patients?"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from voice.cli.common import CONTENT_HELP, load_skill
from voice.content_check import check
from voice.content_review import content_version, review_page
from voice.leaflet import default_folder


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("content", help="check leaflet content")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    checker = actions.add_parser("check", help="check a leaflet folder: quotes, red flags, coverage, example questions")
    checker.add_argument("folder", nargs="?", type=Path, metavar="DIR", help=CONTENT_HELP)
    checker.set_defaults(run=run_check)
    reviewer = actions.add_parser(
        "review", help="write the page a clinician reads and signs: what the folder makes the assistant say"
    )
    reviewer.add_argument("folder", nargs="?", type=Path, metavar="DIR", help=CONTENT_HELP)
    reviewer.add_argument("--out", type=Path, required=True, metavar="FILE", help="the HTML page to write")
    reviewer.set_defaults(run=run_review)


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


def run_review(args: argparse.Namespace) -> int:
    folder = args.folder or default_folder()
    skill = load_skill(folder)
    if skill is None:
        return 1
    try:
        version = content_version(folder)
    except OSError as error:
        print(f"folderstem: cannot read the content folder to name its version: {error}", file=sys.stderr)
        return 1
    try:
        args.out.write_text(review_page(skill, version, date.today()), encoding="utf-8")
    except OSError as error:
        print(f"folderstem: cannot write the review page: {error}", file=sys.stderr)
        return 1
    print(f"{args.out}: review page for {folder}, content version sha256 {version.sha256}")
    return 0
