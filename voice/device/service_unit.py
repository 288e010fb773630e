"""The systemd unit that starts `folderstem listen` at boot: text only, no files, no systemctl.

Kept pure so the unit can be read and verified on its own (`systemd-analyze verify`); the
edge that writes it and talks to systemctl is `voice.device.systemd`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

UNIT_NAME = "folderstem.service"

# Restarted after a crash five seconds later, at most five times in ten minutes: a broken
# device stops retrying instead of looping forever, and shows as failed in `service status`.
RESTART_SECONDS = 5
START_LIMIT_SECONDS = 600
START_LIMIT_BURST = 5

# Sandboxing that costs nothing and leaves audio alone: no privileges gained, no internet
# sockets (the assistant is offline; the sound server is reached over unix sockets), no odd
# system calls. Realtime scheduling and /dev/snd stay allowed: audio servers and ALSA use them.
HARDENING = (
    ("NoNewPrivileges", "yes"),
    ("RestrictAddressFamilies", "AF_UNIX AF_NETLINK"),
    ("LockPersonality", "yes"),
    ("SystemCallArchitectures", "native"),
    ("RestrictSUIDSGID", "yes"),
)
# Only a system unit may use these: in a user unit they need user namespaces a Pi may lack.
SYSTEM_HARDENING = (
    ("IPAddressDeny", "any"),
    ("ProtectSystem", "full"),
    ("ProtectKernelTunables", "yes"),
    ("ProtectKernelModules", "yes"),
    ("ProtectControlGroups", "yes"),
    ("RestrictNamespaces", "yes"),
)


class Scope(Enum):
    """A user unit runs in the patient's login session; a system unit runs at boot as a named user."""

    USER = "user"
    SYSTEM = "system"


@dataclass(frozen=True)
class ServiceSpec:
    scope: Scope
    command: tuple[str, ...]  # absolute path of folderstem (or python -m voice), then its arguments
    user: str = ""  # the account a system unit runs as; never root
    uid: int | None = None  # its uid, for the sound server's runtime folder
    environment: Mapping[str, str] = field(default_factory=dict)


_PLAIN = re.compile(r"[\w@%+=:,./-]+")


def quote(word: str) -> str:
    """One command-line word as systemd reads it: specifiers and variables escaped, quoted if needed."""
    escaped = word.replace("%", "%%").replace("$", "$$")
    if _PLAIN.fullmatch(word):
        return escaped
    return '"' + escaped.replace("\\", "\\\\").replace('"', '\\"') + '"'


def listen_command(folderstem: Sequence[str], log: str | None = None) -> tuple[str, ...]:
    """`folderstem listen`: no transcript unless the operator asks for one (the journal keeps no words)."""
    return (*folderstem, "listen", *(("--log", log) if log else ()))


def unit_text(spec: ServiceSpec) -> str:
    if spec.scope is Scope.SYSTEM and (not spec.user or spec.user == "root" or spec.uid == 0):
        raise ValueError("a system unit runs as a named user, never as root")
    if not spec.command or not spec.command[0].startswith("/"):
        raise ValueError(f"the command must start with an absolute path, not {spec.command[:1]}")
    lines = [
        "# Written by `folderstem service install`; `folderstem service remove` deletes it.",
        "[Unit]",
        "Description=Folderstem: the patient leaflet, spoken (hands-free)",
    ]
    if spec.scope is Scope.USER:
        lines.append("After=pipewire-pulse.service pulseaudio.service sound.target")
    else:
        # After the user's own service manager, which starts their sound server (with lingering).
        after = f" user@{spec.uid}.service" if spec.uid is not None else ""
        lines.append(f"After=sound.target{after}")
        lines.append("Wants=sound.target")
    lines += [
        f"StartLimitIntervalSec={START_LIMIT_SECONDS}",
        f"StartLimitBurst={START_LIMIT_BURST}",
        "",
        "[Service]",
        "Type=simple",
        "ExecStart=" + " ".join(quote(word) for word in spec.command),
        "Restart=on-failure",
        f"RestartSec={RESTART_SECONDS}",
        # What it prints (status and errors, never what the patient said) goes to the journal.
        "StandardOutput=journal",
        "StandardError=journal",
        "StandardInput=null",
        "Environment=PYTHONUNBUFFERED=1",
    ]
    if spec.scope is Scope.SYSTEM:
        lines += [f"User={spec.user}", "SupplementaryGroups=audio"]
        if spec.uid is not None:
            # The user's sound server (PipeWire or PulseAudio) listens in its runtime folder.
            lines.append(f"Environment=XDG_RUNTIME_DIR=/run/user/{spec.uid}")
    lines += [f"Environment={quote(f'{key}={value}')}" for key, value in sorted(spec.environment.items())]
    hardening = HARDENING + (SYSTEM_HARDENING if spec.scope is Scope.SYSTEM else ())
    lines += [f"{key}={value}" for key, value in hardening]
    lines += ["", "[Install]", f"WantedBy={'default.target' if spec.scope is Scope.USER else 'multi-user.target'}", ""]
    return "\n".join(lines)
