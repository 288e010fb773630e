"""The edge that installs the service: writes the unit where systemd looks, and asks systemctl.

Where systemd is not running (a container, a machine being prepared), the unit is still
written: systemd reads it at the next boot.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from voice.device.service_unit import UNIT_NAME, Scope

RUNNING_MARKER = Path("/run/systemd/system")  # exists only when systemd is PID 1 (sd_booted)
SYSTEM_FOLDER = Path("/etc/systemd/system")


class ServiceError(Exception):
    """What went wrong, in words the operator can act on."""


class State(Enum):
    RUNNING = "running"
    STOPPED = "not running"
    NOT_INSTALLED = "not installed"
    NO_SYSTEMD = "systemd not running"


@dataclass(frozen=True)
class Status:
    state: State
    detail: str  # since when, or why

    def line(self) -> str:
        return f"{UNIT_NAME}: {self.state.value}" + (f" ({self.detail})" if self.detail else "")


def systemd_running() -> bool:
    return RUNNING_MARKER.is_dir()


def unit_path(scope: Scope) -> Path:
    if scope is Scope.USER:
        config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        return Path(config) / "systemd" / "user" / UNIT_NAME
    return SYSTEM_FOLDER / UNIT_NAME


def systemctl(scope: Scope, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    command = ["systemctl", *(["--user"] if scope is Scope.USER else []), *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    if check and done.returncode:
        raise ServiceError(f"{' '.join(command)} failed: {done.stderr.strip() or done.stdout.strip()}")
    return done


def install(scope: Scope, text: str, replace: bool = False) -> list[str]:
    """Write the unit and, under a running systemd, enable and start it; what was done, as sentences.

    An installed unit with other contents is left alone unless `replace`: ServiceError says how."""
    path = unit_path(scope)
    try:
        installed = path.read_text(encoding="utf-8") if path.exists() else None
    except OSError as error:
        raise ServiceError(f"{path} cannot be read ({error.strerror}): run this with sudo, or use --user") from None
    if installed is not None and installed != text and not replace:
        user = " --user" if scope is Scope.USER else ""
        raise ServiceError(
            f"{UNIT_NAME} is already installed ({path}), with other settings; to replace it, run: "
            f"folderstem service install{user} --force (with the same options), "
            f"or first: folderstem service remove{user}"
        )
    if installed == text:
        done = [f"{path} is already installed with these settings; left as it is"]
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except PermissionError:
            raise ServiceError(f"{path} cannot be written: run this with sudo, or use --user") from None
        done = [f"replaced {path} (the unit installed before had other settings)" if installed else f"wrote {path}"]
    if not systemd_running():
        return [*done, "systemd is not running here, so the assistant will start at the next boot"]
    systemctl(scope, "daemon-reload")
    systemctl(scope, "enable", "--now", UNIT_NAME)
    if installed is not None and installed != text:
        systemctl(scope, "restart", UNIT_NAME)  # a running assistant takes the new settings now
    done.append(f"enabled and started {UNIT_NAME}")
    if scope is Scope.USER:
        linger = subprocess.run(["loginctl", "enable-linger"], capture_output=True, text=True, timeout=30)
        if linger.returncode:
            done.append("to start it at boot without a login, run: sudo loginctl enable-linger $USER")
    return done


def remove(scope: Scope) -> list[str]:
    path = unit_path(scope)
    if not path.exists():
        return [f"{UNIT_NAME} is not installed ({path} does not exist)"]
    done = []
    if systemd_running():
        systemctl(scope, "disable", "--now", UNIT_NAME, check=False)
        done.append(f"stopped and disabled {UNIT_NAME}")
    try:
        path.unlink()
    except PermissionError:
        raise ServiceError(f"{path} cannot be deleted: run this with sudo") from None
    done.append(f"deleted {path}")
    if systemd_running():
        systemctl(scope, "daemon-reload", check=False)
    return done


def status(scope: Scope) -> Status:
    path = unit_path(scope)
    if not path.exists():
        return Status(State.NOT_INSTALLED, f"no {path}")
    if not systemd_running():
        return Status(State.NO_SYSTEMD, f"installed in {path}; it starts at the next boot")
    shown = systemctl(scope, "show", "-p", "ActiveState,ActiveEnterTimestamp", UNIT_NAME, check=False).stdout
    return parse_show(shown)


def parse_show(shown: str) -> Status:
    """`systemctl show -p ActiveState,ActiveEnterTimestamp` output as a Status."""
    values = dict(line.split("=", 1) for line in shown.splitlines() if "=" in line)
    active, since = values.get("ActiveState", "unknown"), values.get("ActiveEnterTimestamp", "")
    if active == "active":
        return Status(State.RUNNING, f"since {since}" if since else "")
    return Status(State.STOPPED, f"state {active}")
