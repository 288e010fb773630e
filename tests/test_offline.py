"""Offline and private: the assistant opens no network connection and writes nothing."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from support import REPO

# Runs the command with an audit hook that refuses any internet socket (local sockets,
# which a sound server uses, stay allowed) and any file opened for writing.
GUARD = textwrap.dedent("""
    import socket, sys
    def guard(event, args):
        if event == "socket.__new__" and args[1] in (socket.AF_INET, socket.AF_INET6):
            raise PermissionError("network use is forbidden in this test")
        if event == "open" and isinstance(args[0], str) and args[1] and any(m in args[1] for m in "wax+"):
            if not args[0].startswith(("/dev/", "/proc/")):
                raise PermissionError(f"writing {args[0]} is forbidden in this test")
    sys.addaudithook(guard)
    from voice.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def guarded(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-c", GUARD, *args], input=stdin, capture_output=True,
                          text=True, timeout=120, cwd=REPO, env=env)


def test_the_guard_itself_refuses_a_network_socket():
    code = GUARD.replace("from voice.cli import main\nsys.exit(main(sys.argv[1:]))",
                         "socket.create_connection(('127.0.0.1', 9))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "network use is forbidden" in result.stderr


def test_a_typed_conversation_uses_no_network_and_writes_nothing():
    result = guarded("chat", stdin="mag ik werken\nik kan niet meer plassen\nlees alles voor\ntot ziens\n")
    assert result.returncode == 0, result.stderr
    assert "Hervat, zodra het kan, uw werk." in result.stdout and "Tot ziens" in result.stdout


def test_asking_uses_no_network_and_writes_nothing():
    result = guarded("ask", "--json", "mag ik werken", "ik verlies mijn urine")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count('"heard"') == 2
