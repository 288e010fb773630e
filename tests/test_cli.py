"""The commands as an operator or a test harness runs them: real processes, real output."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

from support import CONTENT, FOLDERSTEM, REPO

if TYPE_CHECKING:
    from pathlib import Path


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [FOLDERSTEM, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
        cwd=REPO,
    )


def test_ask_prints_the_answer() -> None:
    result = run("ask", "mag ik werken?")
    assert result.returncode == 0
    assert result.stdout.startswith("Hervat, zodra het kan, uw werk.")


def test_ask_read_in_part_ends_quietly() -> None:
    """An operator piping into `head` gets the first line, not a traceback."""
    utterances = "\n".join(["mag ik werken?"] * 2000)
    with subprocess.Popen(
        [FOLDERSTEM, "ask", "--explain", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    ) as process:
        assert process.stdin and process.stdout and process.stderr
        process.stdin.write(utterances)
        process.stdin.close()
        assert process.stdout.readline().startswith("Hervat")
        process.stdout.close()
        errors = process.stderr.read()
        assert process.wait(timeout=180) == 141
    assert "Traceback" not in errors


def test_ask_puts_the_warning_before_the_answer() -> None:
    lines = run("ask", "ik kan niet meer plassen en mag ik werken").stdout.splitlines()
    assert lines[0].startswith("Kom meteen terug naar de spoedgevallendienst")
    assert lines[1].startswith("Hervat, zodra het kan, uw werk.")


def test_ask_explain_names_the_cue_of_a_warning_and_the_nearest_example_of_an_answer() -> None:
    result = run("ask", "--explain", "mijn voete slepe over de vloer", "welke ziekte heb ik aan mijn rug")
    assert result.returncode == 0
    warning, answer = result.stdout.split("\n\n")
    assert "why: red flag kracht-benen: cue '@been  @zwak' in 'voete slepe'" in warning
    assert "why: topic diagnose: taught examples score topic:diagnose" in answer
    assert re.search(r"nearest taught example '[^']+' \(topic:diagnose, similarity 0\.\d\d\)", answer)
    records = [json.loads(line) for line in run("ask", "--json", "--explain", "mag ik werken?").stdout.splitlines()]
    assert records[0]["why"][0].startswith("topic werk: cue ")


def test_ask_json_is_one_object_per_utterance_in_the_stable_shape() -> None:
    signs = "mijn been is slap en ik kan niet meer plassen"
    result = run("ask", "--json", "mag ik werken", "mag ik autorijden", "stop", signs)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["heard"] for r in records] == ["mag ik werken", "mag ik autorijden", "stop", signs]
    for record in records:
        assert set(record) == {"heard", "responses"}
        for response in record["responses"]:
            assert set(response) == {"kind", "topic", "text"}
    assert records[0]["responses"][0] == {
        "kind": "answer",
        "topic": "werk",
        "text": "Hervat, zodra het kan, uw werk. Indien nodig wordt op de spoedgevallen "
        "arbeidsongeschiktheid voor één week voorgeschreven.",
    }
    assert records[1]["responses"][0]["kind"] == "not_covered"
    assert records[2]["responses"][0]["kind"] == "control"
    # a warning's topic: the ids of the signs it warns about, in the leaflet's order
    [warning] = records[3]["responses"]
    assert (warning["kind"], warning["topic"]) == ("emergency", "plas-stoelgang,kracht-benen")


def test_ask_reads_utterances_from_standard_input_each_a_fresh_session() -> None:
    result = run("ask", "--json", "-", stdin="mag ik werken\nherhaal\n\nik verlies mijn urine\n")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["responses"][0]["kind"] for r in records] == ["answer", "control", "not_understood", "emergency"]
    assert "niets gezegd" in records[1]["responses"][0]["text"]


def test_python_m_voice_is_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "voice", "ask", "mag ik werken"], capture_output=True, text=True, timeout=180, cwd=REPO
    )
    assert result.stdout == run("ask", "mag ik werken").stdout


def test_chat_keeps_state_across_turns_and_ends_on_goodbye() -> None:
    result = run("chat", stdin="mag ik werken\nherhaal\ntot ziens\nmag ik wandelen\n")
    out = result.stdout
    assert result.returncode == 0
    assert out.startswith("Dag, ik ben Folderstem")
    assert out.count("Hervat, zodra het kan, uw werk.") == 2
    assert "Tot ziens, en beterschap." in out
    assert "rondstappen" not in out.split("Tot ziens")[1]


def test_chat_ends_cleanly_at_end_of_input() -> None:
    result = run("chat", stdin="mag ik werken\n")
    assert result.returncode == 0 and result.stderr == ""


def test_no_command_without_sound_devices_says_so_and_offers_the_typed_conversation(tmp_path: Path) -> None:
    result = subprocess.run(
        [FOLDERSTEM],
        input="mag ik werken\ntot ziens\n",
        capture_output=True,
        text=True,
        timeout=180,
        cwd=REPO,
        env=dict(os.environ, PULSE_SERVER=f"unix:{tmp_path}/none"),
    )
    assert result.returncode == 1
    assert "no sound output device" in result.stderr and "typed conversation" in result.stderr
    assert "Hervat, zodra het kan, uw werk." in result.stdout and "Tot ziens" in result.stdout


def test_content_check_fails_with_the_problems_named(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(CONTENT, broken)
    (broken / "topics.toml").write_text("[[topic]]\nid = 3\n", encoding="utf-8")
    result = run("content", "check", str(broken))
    assert result.returncode == 1
    assert f"{broken / 'topics.toml'}:2: [[topic]] #1: 'id' must be non-empty text" in result.stderr


def test_ask_with_unusable_content_tells_the_operator_and_fails(tmp_path: Path) -> None:
    result = run("ask", "--content", str(tmp_path / "nowhere"), "mag ik werken")
    assert result.returncode == 2
    assert "the leaflet content cannot be used" in result.stderr and "is not a folder" in result.stderr
    assert result.stdout == ""
