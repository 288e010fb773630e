"""The `folderstem` command: one subcommand per module, registered here.

Each command module offers `register(subparsers)`, which adds its parser and sets
`run(args) -> int` as the parser's default `run`. Operator messages are English;
what a patient hears or reads is Dutch.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from voice.cli import ask, chat, config, content, doctor, evaluate, listen, models, say, service

COMMANDS = (ask, chat, config, content, doctor, evaluate, listen, models, say, service)
DEFAULT_COMMAND = "listen"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="folderstem",
        description="Offline voice assistant that speaks a hospital's patient leaflet.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv.insert(0, DEFAULT_COMMAND)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (`folderstem ask ... | head`): nothing is left to tell it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
