"""Offline and private: the assistant opens no network connection and writes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support import REPO, guard


def guarded(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(
        [sys.executable, "-c", guard(), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env=env,
    )


def test_the_guard_itself_refuses_a_network_socket() -> None:
    code = guard().replace(
        "from voice.cli import main\nsys.exit(main(sys.argv[1:]))", "socket.create_connection(('127.0.0.1', 9))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "network use is forbidden" in result.stderr


def test_a_typed_conversation_uses_no_network_and_writes_nothing() -> None:
    result = guarded("chat", stdin="mag ik werken\nik kan niet meer plassen\nlees alles voor\ntot ziens\n")
    assert result.returncode == 0, result.stderr
    assert "Hervat, zodra het kan, uw werk." in result.stdout and "Tot ziens" in result.stdout


def test_asking_uses_no_network_and_writes_nothing() -> None:
    result = guarded("ask", "--json", "mag ik werken", "ik verlies mijn urine")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count('"heard"') == 2


def test_the_voice_detector_writes_nothing_and_starts_no_telemetry(tmp_path: Path) -> None:
    code = "from voice.speech_in.voice_activity import SileroActivity; SileroActivity()"
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", TMPDIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO, env=env
    )
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []  # onnxruntime's telemetry would leave its session file here
