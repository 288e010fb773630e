"""Settings: one TOML file with command-line overrides, and `folderstem config` to show them."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from typing import TYPE_CHECKING

import pytest

from support import FOLDERSTEM, REPO
from voice import config
from voice.device.first_start import first_start_today
from voice.toml_source import ContentError

if TYPE_CHECKING:
    from pathlib import Path


def test_the_file_sets_and_the_command_line_overrides(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('engine = "whisper"\nwords_per_minute = 120\nidle_seconds = 90\n')
    settings = config.load(path, {"words_per_minute": 110, "voice": None})
    assert (settings.engine, settings.words_per_minute, settings.idle_seconds) == ("whisper", 110, 90.0)
    assert settings.sources == {"engine": str(path), "words_per_minute": "command line", "idle_seconds": str(path)}


def test_a_home_with_the_television_on_all_day_can_require_its_name(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("require_wake = true\n")
    assert config.load(path).require_wake is True
    assert config.load(path, {"require_wake": None}).require_wake is True  # no --require-wake: the file holds
    path.write_text('require_wake = "ja"\n')
    with pytest.raises(ContentError) as error:
        config.load(path)
    assert "'require_wake' must be true or false" in str(error.value.problems[0])


def test_every_mistake_in_the_file_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('engine = "google"\nspeed = 3\nend_silence = -1\nvolume = "luid"\n')
    with pytest.raises(ContentError) as error:
        config.load(path)
    messages = [str(p) for p in error.value.problems]
    assert len(messages) == 4
    assert f"{path}:1" in messages[0] and "engine" in messages[0]
    assert f"{path}:2" in messages[1] and "unknown setting 'speed'" in messages[1]


def test_a_named_file_that_is_missing_is_an_error_but_the_default_one_may_be_absent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ContentError):
        config.load(tmp_path / "none.toml")
    monkeypatch.delenv("FOLDERSTEM_CONFIG", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert config.load() == config.Settings()


def test_config_shows_the_settings_in_force_and_where_they_come_from(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('voice = "mb-nl3"\n')
    result = subprocess.run(
        [FOLDERSTEM, "config", "--config", str(path)], capture_output=True, text=True, timeout=60, cwd=REPO
    )
    assert result.returncode == 0
    assert "voice = 'mb-nl3'" in result.stdout and str(path) in result.stdout
    assert "engine = ''" in result.stdout and "# default" in result.stdout
    assert "echo cancellation: none" in result.stdout  # so a question over its voice is left alone


def test_the_greeting_gives_the_warning_signs_at_the_first_start_of_each_day(tmp_path: Path) -> None:
    said: list[str] = []
    state = tmp_path / "state" / "warnings-given"
    monday, tuesday = date(2026, 12, 7), date(2026, 12, 8)
    assert first_start_today(monday, said.append, state)
    assert not first_start_today(monday, said.append, state)
    assert first_start_today(tuesday, said.append, state)
    assert said == []


def test_where_the_day_cannot_be_kept_every_start_warns_and_the_operator_is_told(tmp_path: Path) -> None:
    said: list[str] = []
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    state = blocked / "warnings-given"  # under a file: cannot be written
    assert first_start_today(date(2026, 12, 7), said.append, state)
    assert first_start_today(date(2026, 12, 7), said.append, state)
    assert len(said) == 2 and "every start will give the warning signs" in said[0]


def test_a_broken_settings_file_stops_the_assistant_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("engine = [\n")
    result = subprocess.run(
        [FOLDERSTEM, "listen"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env=dict(os.environ, FOLDERSTEM_CONFIG=str(path)),
    )
    assert result.returncode == 2 and "settings cannot be used" in result.stderr and "Traceback" not in result.stderr
