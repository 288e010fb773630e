"""`folderstem config`: the settings in force, and where each comes from."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from voice import config
from voice.toml_source import ContentError


def add_config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="settings file (default: $FOLDERSTEM_CONFIG or ~/.config/folderstem/config.toml)",
    )


def load_settings(args: argparse.Namespace, **overrides: object) -> config.Settings | None:
    """The settings, or None after telling the operator what is wrong with them."""
    try:
        return config.load(args.config, overrides)
    except ContentError as error:
        print("folderstem: the settings cannot be used:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return None


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("config", help="show the settings in force and where they come from")
    add_config_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    settings = load_settings(args)
    if settings is None:
        return 2
    path, _ = config.config_path(args.config)
    print(f"# settings file: {path}{'' if path.exists() else ' (not present: defaults apply)'}")
    for name, value, source in settings.describe():
        print(f"{name} = {value!r}".ljust(40) + f"# {source}")
    print("# echo cancellation: none for the microphone. While it speaks, it hears only stop, wait, louder,")
    print("# softer and red flags; a question asked over its voice is left alone (it cannot be told from its")
    print("# own voice). A recorded conversation with --room has one (libspeexdsp): see 'folderstem listen -h'")
    return 0
