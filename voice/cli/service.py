"""`folderstem service install|remove|status`: start the hands-free assistant at boot with systemd."""

from __future__ import annotations

import argparse
import os
import pwd
import sys
from pathlib import Path

from voice.device import systemd
from voice.device.service_unit import Scope, ServiceSpec, listen_command, unit_text

# Settings given by environment at install time go with the unit, so it runs what was tested.
CARRIED = ("FOLDERSTEM_CONFIG", "FOLDERSTEM_CONTENT", "FOLDERSTEM_MODELS", "FOLDERSTEM_SHARED", "FOLDERSTEM_CACHE")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("service", help="start the hands-free assistant at boot (systemd)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, run, helptext in (
        ("install", run_install, "write the systemd unit, enable and start it"),
        ("remove", run_remove, "stop, disable and delete the unit"),
        ("status", run_status, "whether it runs, and since when"),
    ):
        action = actions.add_parser(name, help=helptext)
        action.add_argument("--user", action="store_true", help="a user unit (~/.config/systemd/user), not system-wide")
        action.set_defaults(run=run)
        if name == "install":
            action.add_argument(
                "--as",
                dest="account",
                metavar="USER",
                help="system unit: the (non-root) user it runs as (default: the user who ran sudo)",
            )
            action.add_argument(
                "--log", metavar="FILE", help="keep a transcript in FILE (default: none; the journal gets no words)"
            )
            action.add_argument(
                "--force", action="store_true", help="replace a unit already installed with other settings"
            )


def _scope(args: argparse.Namespace) -> Scope:
    return Scope.USER if args.user else Scope.SYSTEM


def folderstem_command() -> tuple[str, ...]:
    """The absolute command of this installation: the venv's `folderstem`, else `python -m voice`."""
    script = Path(sys.executable).parent / "folderstem"
    if script.is_file() and not os.environ.get("PYTHONPATH"):
        return (str(script),)
    return (str(Path(sys.executable).absolute()), "-m", "voice")


def _account(wanted: str | None) -> pwd.struct_passwd:
    name = wanted or os.environ.get("SUDO_USER") or pwd.getpwuid(os.getuid()).pw_name
    try:
        account = pwd.getpwnam(name)
    except KeyError:
        raise systemd.ServiceError(f"there is no user '{name}' on this machine") from None
    if account.pw_uid == 0:
        raise systemd.ServiceError(
            "the assistant must not run as root; name the user it runs as with --as USER "
            "(the one whose sound server plays the speaker), or run sudo from that user"
        )
    return account


def run_install(args: argparse.Namespace) -> int:
    carried = [name for name in (*CARRIED, "PYTHONPATH") if os.environ.get(name)]
    try:
        spec = ServiceSpec(
            Scope.USER, listen_command(folderstem_command(), args.log), environment={n: os.environ[n] for n in carried}
        )
        if not args.user:
            account = _account(args.account)
            spec = ServiceSpec(Scope.SYSTEM, spec.command, account.pw_name, account.pw_uid, spec.environment)
        for done in systemd.install(spec.scope, unit_text(spec), replace=args.force):
            print(done)
    except systemd.ServiceError as error:
        print(f"folderstem: {error}", file=sys.stderr)
        return 1
    return 0


def run_remove(args: argparse.Namespace) -> int:
    try:
        for done in systemd.remove(_scope(args)):
            print(done)
    except systemd.ServiceError as error:
        print(f"folderstem: {error}", file=sys.stderr)
        return 1
    return 0


def run_status(args: argparse.Namespace) -> int:
    status = systemd.status(_scope(args))
    print(status.line())
    return 0 if status.state is systemd.State.RUNNING else 3
