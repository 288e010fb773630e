"""`folderstem models`: list, install and verify the speech models."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from voice.models.catalogue import ModelError, ModelSpec, find, installed_path, pins_folder, supported
from voice.models.install import install
from voice.models.verify import check


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("models", help="list, install and verify speech models")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="supported models, installed or not, and their sizes").set_defaults(run=run_list)
    installer = actions.add_parser("install", help="download (or copy), verify and install a model")
    installer.add_argument("name", metavar="NAME")
    installer.add_argument(
        "--from",
        dest="source",
        type=Path,
        metavar="DIR_OR_ARCHIVE",
        help="install from a copy on this machine instead of downloading",
    )
    installer.set_defaults(run=run_install)
    verifier = actions.add_parser("verify", help="check installed models file by file against their sha256 pins")
    verifier.add_argument("name", nargs="?", metavar="NAME")
    verifier.set_defaults(run=run_verify)


def _state(spec: ModelSpec) -> str:
    folder = installed_path(spec)
    if not folder.exists():
        return "not installed"
    wrong = check(spec, folder)
    return "installed" if not wrong else f"damaged ({len(wrong)} of {len(spec.files)} files wrong)"


def run_list(args: argparse.Namespace) -> int:
    specs = supported()
    if not specs:
        print(
            f"folderstem: no model pins in {pins_folder()}; set FOLDERSTEM_SHARED to the shared data folder",
            file=sys.stderr,
        )
        return 1
    for spec in specs:
        print(f"{spec.name:<14} {spec.engine:<8} {spec.size / 1e6:7.1f} MB  {_state(spec):<16} {spec.description}")
    return 0


def run_install(args: argparse.Namespace) -> int:
    try:
        spec = find(args.name)
        target = install(spec, args.source, progress=sys.stderr.isatty())
    except ModelError as error:
        print(f"folderstem: {error}", file=sys.stderr)
        return 1
    print(f"{spec.name} is installed and verified in {target}")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    try:
        specs = [find(args.name)] if args.name else [s for s in supported() if installed_path(s).exists()]
    except ModelError as error:
        print(f"folderstem: {error}", file=sys.stderr)
        return 1
    if not specs:
        print("no models are installed; see: folderstem models list")
        return 0
    failed = False
    for spec in specs:
        folder = installed_path(spec)
        if not folder.exists():
            print(f"{spec.name}: not installed; install it with: folderstem models install {spec.name}")
            failed = True
            continue
        wrong = check(spec, folder)
        for mismatch in wrong:
            print(f"{spec.name}: {mismatch.path}: {mismatch.why}")
        print(
            f"{spec.name}: {'OK' if not wrong else 'DAMAGED'}: "
            f"{len(spec.files) - len(wrong)}/{len(spec.files)} files match their pins"
            + ("" if not wrong else f"; reinstall with: folderstem models install {spec.name}")
        )
        failed |= bool(wrong)
    return 1 if failed else 0
