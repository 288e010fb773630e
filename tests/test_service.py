"""`folderstem service`: the unit it writes (checked by systemd's own verifier) and install/status/remove."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import FOLDERSTEM, REPO
from voice.device import systemd
from voice.device.service_unit import Scope, ServiceSpec, listen_command, quote, unit_text

PYTHON = str(Path(sys.executable).absolute())


def unit(scope: Scope, log: str | None = None, **environment: str) -> str:
    user, uid = ("patient", 1000) if scope is Scope.SYSTEM else ("", None)
    return unit_text(ServiceSpec(scope, listen_command((PYTHON, "-m", "voice"), log), user, uid, environment))


def settings(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            found.setdefault(key, []).append(value)
    return found


def test_a_user_unit_starts_listen_after_the_sound_server_and_restarts_within_bounds() -> None:
    keys = settings(unit(Scope.USER))
    assert keys["ExecStart"] == [f"{PYTHON} -m voice listen"]
    assert keys["After"] == ["pipewire-pulse.service pulseaudio.service sound.target"]
    assert keys["Restart"] == ["on-failure"]
    assert keys["RestartSec"] and keys["StartLimitIntervalSec"] and keys["StartLimitBurst"]
    assert keys["NoNewPrivileges"] == ["yes"]
    assert keys["WantedBy"] == ["default.target"]
    assert "User" not in keys


def test_no_transcript_is_kept_unless_asked_for() -> None:
    assert "--log" not in unit(Scope.USER)
    assert settings(unit(Scope.USER, log="/var/log/gesprek.txt"))["ExecStart"] == [
        f"{PYTHON} -m voice listen --log /var/log/gesprek.txt"
    ]


def test_a_system_unit_runs_as_its_user_never_as_root() -> None:
    keys = settings(unit(Scope.SYSTEM))
    assert keys["User"] == ["patient"]
    assert "XDG_RUNTIME_DIR=/run/user/1000" in keys["Environment"]
    assert keys["WantedBy"] == ["multi-user.target"]
    with pytest.raises(ValueError, match="never as root"):
        unit_text(ServiceSpec(Scope.SYSTEM, (PYTHON, "listen"), "root", 0))
    with pytest.raises(ValueError, match="absolute path"):
        unit_text(ServiceSpec(Scope.USER, ("folderstem", "listen")))


def test_words_are_quoted_and_escaped_as_systemd_reads_them() -> None:
    assert quote("/opt/folderstem/.venv/bin/folderstem") == "/opt/folderstem/.venv/bin/folderstem"
    assert quote("/tmp/my log%.txt") == '"/tmp/my log%%.txt"'
    assert quote('say "$HOME"') == '"say \\"$$HOME\\""'


@pytest.mark.parametrize("scope", list(Scope))
def test_systemd_itself_finds_nothing_wrong_with_the_unit(scope: Scope, tmp_path: Path) -> None:
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    path = tmp_path / "folderstem.service"
    path.write_text(unit(scope, log=str(tmp_path / "a log.txt"), FOLDERSTEM_CACHE=str(tmp_path / "cache")))
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = dict(os.environ, XDG_RUNTIME_DIR=str(runtime))
    command = ["systemd-analyze", "verify", *(["--user"] if scope is Scope.USER else []), str(path)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    # verify exits 0 even for keys it ignores: any message at all is a fault here.
    assert done.returncode == 0 and not done.stderr.strip() and not done.stdout.strip(), done.stderr + done.stdout


def test_status_reads_systemctl_show() -> None:
    running = systemd.parse_show("ActiveState=active\nActiveEnterTimestamp=Mon 2025-03-03 08:00:01 CET\n")
    assert running.line() == "folderstem.service: running (since Mon 2025-03-03 08:00:01 CET)"
    assert systemd.parse_show("ActiveState=failed\nActiveEnterTimestamp=\n").state is systemd.State.STOPPED


def service(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "XDG_CONFIG_HOME"}
    return subprocess.run(
        [FOLDERSTEM, "service", *args], capture_output=True, text=True, env=dict(env, HOME=str(home)), cwd=REPO
    )


@pytest.mark.skipif(systemd.systemd_running(), reason="systemd runs here: install would really start the service")
def test_without_systemd_a_user_unit_is_written_for_the_next_boot_and_removed(tmp_path: Path) -> None:
    path = tmp_path / ".config" / "systemd" / "user" / "folderstem.service"
    assert service(tmp_path, "status", "--user").stdout.strip().endswith("not installed (no " + str(path) + ")")
    installed = service(tmp_path, "install", "--user")
    assert installed.returncode == 0, installed.stderr
    assert "systemd is not running here, so the assistant will start at the next boot" in installed.stdout
    assert "ExecStart=/" in path.read_text() and " listen" in path.read_text()
    status = service(tmp_path, "status", "--user")
    assert status.returncode == 3 and "systemd not running" in status.stdout
    removed = service(tmp_path, "remove", "--user")
    assert removed.returncode == 0 and f"deleted {path}" in removed.stdout
    assert not path.exists()
    assert "not installed" in service(tmp_path, "remove", "--user").stdout


def test_a_system_unit_for_root_is_refused_with_what_to_do(tmp_path: Path) -> None:
    refused = service(tmp_path, "install", "--as", "root")
    assert refused.returncode == 1
    assert "must not run as root" in refused.stderr and "--as USER" in refused.stderr
    assert "Traceback" not in refused.stderr


@pytest.mark.skipif(not systemd.systemd_running(), reason="systemd is not PID 1 here (a container): nothing to start")
def test_under_systemd_the_service_starts_and_is_restarted_after_a_crash(tmp_path: Path) -> None:
    assert service(tmp_path, "install", "--user").returncode == 0
    try:
        assert "running (since" in service(tmp_path, "status", "--user").stdout
        pid = systemd.systemctl(Scope.USER, "show", "-p", "MainPID", "--value", "folderstem.service").stdout.strip()
        os.kill(int(pid), 9)
        time.sleep(8)  # RestartSec is 5
        assert "running (since" in service(tmp_path, "status", "--user").stdout
    finally:
        service(tmp_path, "remove", "--user")


@pytest.mark.skipif(systemd.systemd_running(), reason="systemd runs here: install would really start the service")
def test_installing_over_an_installed_unit_keeps_it_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / ".config" / "systemd" / "user" / "folderstem.service"
    assert service(tmp_path, "install", "--user").returncode == 0
    first = path.read_text()
    again = service(tmp_path, "install", "--user")  # what a setup script run twice does: harmless
    assert again.returncode == 0, again.stderr
    assert f"{path} is already installed with these settings; left as it is" in again.stdout
    assert path.read_text() == first
    other = service(tmp_path, "install", "--user", "--log", str(tmp_path / "gesprek.txt"))
    assert other.returncode == 1 and not other.stdout
    assert f"folderstem.service is already installed ({path}), with other settings" in other.stderr
    assert "folderstem service install --user --force" in other.stderr
    assert "folderstem service remove --user" in other.stderr
    assert "Traceback" not in other.stderr
    assert path.read_text() == first
    forced = service(tmp_path, "install", "--user", "--log", str(tmp_path / "gesprek.txt"), "--force")
    assert forced.returncode == 0, forced.stderr
    assert f"replaced {path} (the unit installed before had other settings)" in forced.stdout
    assert "gesprek.txt" in path.read_text()
