"""`folderstem doctor` on a private PulseAudio server: real devices, real model, real content check.

The server has two null sinks: `mic`, whose monitor is the microphone, and `speaker`. For
the speaker heard back, the microphone is the speaker's own monitor instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile

import pulse
from support import CONTENT, FOLDERSTEM, REPO
from voice.device.sound_check import levels, tone_levels
from voice.models.catalogue import find, installed_path


def noise(path: Path, seconds: float, level: float = 0.01) -> Path:
    """Quiet room noise: what a live microphone hears when nobody speaks."""
    soundfile.write(str(path), np.random.default_rng(1).normal(0, level, int(22050 * seconds)), 22050)
    return path


def doctor(server: pulse.PulseServer, source: str, *args: str, config: str = "") -> subprocess.Popen:
    env = dict(
        os.environ,
        PULSE_SERVER=server.address,
        PULSE_SOURCE=source,
        PULSE_SINK="speaker",
        FOLDERSTEM_CONFIG=str(server.folder / "config.toml"),
    )
    (server.folder / "config.toml").write_text(config)
    return subprocess.Popen(
        [FOLDERSTEM, "doctor", *args], env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finish(process: subprocess.Popen, timeout: float = 600) -> tuple[int, list[str], str]:
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()  # a hang is a failure, not a process left behind
        process.communicate()
        raise
    return process.returncode, out.splitlines(), err


def line(lines: list[str], check: str) -> str:
    found = [text for text in lines if text.split(" ", 1)[-1].lstrip().startswith(f"{check}:")]
    assert len(found) == 1, lines
    return found[0]


def test_levels_tell_digital_silence_from_a_quiet_room() -> None:
    assert levels(np.zeros(16000, np.float32)).digital_silence
    quiet = levels(np.random.default_rng(0).normal(0, 0.01, 16000).astype(np.float32))
    assert not quiet.digital_silence and -45 < quiet.floor < -35
    tone = np.sin(2 * np.pi * 1000 * np.arange(16000) / 16000) * 0.3
    assert tone_levels(tone, 1000.0).min() == pytest.approx(20 * np.log10(0.3 / np.sqrt(2)), abs=0.5)  # its RMS
    assert tone_levels(tone, 440.0).max() < -40


def test_the_whole_device_passes_with_the_speaker_heard_back(sound_system: pulse.PulseServer, tmp_path: Path) -> None:
    """Every check, as a technician runs it; the model check needs whisper-base installed."""
    spec = find("whisper-base")
    if not installed_path(spec).is_dir():
        pytest.skip(f"whisper-base is not installed in {installed_path(spec)} (set FOLDERSTEM_MODELS)")
    room = subprocess.Popen(
        ["paplay", "--server", sound_system.address, "--device=speaker", str(noise(tmp_path / "room.wav", 600))]
    )
    try:
        code, lines, errors = finish(doctor(sound_system, "speaker.monitor", "--loopback", config='engine = "whisper"'))
    finally:
        room.kill()
    assert line(lines, "content").startswith("OK  content: ") and " 0 errors" in line(lines, "content")
    assert line(lines, "speech model").startswith("OK  speech model: whisper-base (4 files match their pins)")
    assert line(lines, "voice").startswith("OK  voice: ")
    assert line(lines, "microphone").startswith("OK  microphone: ")
    assert line(lines, "speaker").startswith("OK  speaker: ") and "heard back" in line(lines, "speaker")
    assert line(lines, "settings").startswith("OK  settings: ") and "engine='whisper' (" in line(lines, "settings")
    assert code == 0, (lines, errors)


def test_a_missing_microphone_fails_with_advice_not_a_traceback(sound_system: pulse.PulseServer) -> None:
    config = 'input_device = "no-such-microphone"\noutput_device = "no-such-speaker"'
    code, lines, errors = finish(
        doctor(sound_system, "mic.monitor", "--only", "microphone", "--only", "speaker", config=config)
    )
    assert code == 1
    assert line(lines, "microphone").startswith("FAIL microphone: no microphone (no-such-microphone)")
    assert "plug in a microphone, or set input_device" in line(lines, "microphone")
    assert line(lines, "speaker").startswith("FAIL speaker: no sound output device ('no-such-speaker')")
    assert "Traceback" not in errors


def test_a_microphone_that_hears_only_digital_silence_is_muted(sound_system: pulse.PulseServer) -> None:
    code, lines, _ = finish(doctor(sound_system, "mic.monitor", "--only", "microphone"))
    assert code == 1 and "hears only digital silence: unmute it" in line(lines, "microphone")


def test_speak_now_needs_speech_above_the_noise_floor(sound_system: pulse.PulseServer, tmp_path: Path) -> None:
    silent = finish(doctor(sound_system, "mic.monitor", "--only", "microphone", "--speak-now"))
    assert silent[0] == 1 and "no speech heard" in line(silent[1], "microphone")
    process = doctor(sound_system, "mic.monitor", "--only", "microphone", "--speak-now")
    assert process.stdout is not None
    assert "speak now" in process.stdout.readline()
    speech = tmp_path / "speech.wav"
    subprocess.run(
        [sys.executable, "-m", "voice", "say", "--out", str(speech), "Mag ik weer gaan werken?"], check=True, cwd=REPO
    )
    subprocess.run(["paplay", "--server", sound_system.address, "--device=mic", str(speech)], check=True, timeout=60)
    code, lines, errors = finish(process)
    assert code == 0, (lines, errors)
    assert line(lines, "microphone").startswith("OK  microphone: ") and "speech at " in line(lines, "microphone")


def test_the_speaker_plays_its_tone(sound_system: pulse.PulseServer) -> None:
    recording = sound_system.record("speaker")
    code, lines, errors = finish(doctor(sound_system, "mic.monitor", "--only", "speaker"))
    heard = recording.stop()
    assert code == 0, (lines, errors)
    assert line(lines, "speaker").startswith("OK  speaker: ")
    assert len(pulse.sounding(heard, recording.rate)) > 20  # at least 0.2 s of the half-second tone


def doctor_alone(tmp_path: Path, *args: str, **env: str) -> tuple[int, list[str], str]:
    """Doctor without a sound server, default settings, `env` added; within two minutes."""
    (tmp_path / "config.toml").write_text("")
    done = subprocess.run(
        [FOLDERSTEM, "doctor", *args],
        env=dict(os.environ, FOLDERSTEM_CONFIG=str(tmp_path / "config.toml"), **env),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, done.stdout.splitlines(), done.stderr


def test_a_removed_speech_model_fails_with_how_to_install_it(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    code, lines, errors = doctor_alone(tmp_path, "--only", "model", FOLDERSTEM_MODELS=str(models))
    assert code == 1, (lines, errors)
    assert line(lines, "speech model") == (
        f"FAIL speech model: whisper-base is not installed in {models}; run: folderstem models install whisper-base"
    )
    assert "Traceback" not in errors


def test_a_corrupt_speech_model_fails_naming_the_pin_it_breaks(tmp_path: Path) -> None:
    spec = find("whisper-base")
    installed = installed_path(spec)
    if not installed.is_dir():
        pytest.skip(f"whisper-base is not installed in {installed} (set FOLDERSTEM_MODELS)")
    copy = tmp_path / "models" / "whisper-base"
    copy.mkdir(parents=True)
    for file in installed.iterdir():  # linked, not copied: model.bin is 140 MB
        (copy / file.name).symlink_to(file)
    damaged = bytearray((installed / "config.json").read_bytes())
    damaged[10] ^= 1  # one bit: the same size, so only the sha256 tells
    (copy / "config.json").unlink()
    (copy / "config.json").write_bytes(damaged)
    code, lines, errors = doctor_alone(tmp_path, "--only", "model", FOLDERSTEM_MODELS=str(copy.parent))
    assert code == 1, (lines, errors)
    assert line(lines, "speech model") == (
        "FAIL speech model: whisper-base: 1 of 4 files differ from their pins "
        "(config.json: content differs from the pinned sha256); run: folderstem models install whisper-base"
    )
    assert "Traceback" not in errors


@pytest.mark.parametrize("how", ["--content", "FOLDERSTEM_CONTENT"])
def test_broken_content_fails_naming_the_file_and_how_to_check_it(tmp_path: Path, how: str) -> None:
    broken, missing = tmp_path / "broken", tmp_path / "missing"
    shutil.copytree(CONTENT, broken)
    with (broken / "topics.toml").open("a", encoding="utf-8") as topics:
        topics.write("\nthis is [not toml\n")
    shutil.copytree(CONTENT, missing)
    (missing / "leaflet.txt").unlink()
    for folder, problem in ((broken, "topics.toml:"), (missing, "leaflet.txt: file is missing")):
        given = {"FOLDERSTEM_CONTENT": str(folder)} if how == "FOLDERSTEM_CONTENT" else {}
        args = ("--content", str(folder)) if how == "--content" else ()
        code, lines, errors = doctor_alone(tmp_path, "--only", "content", *args, **given)
        assert code == 1, (lines, errors)
        found = line(lines, "content")
        assert found.startswith(f"FAIL content: {folder}/{problem}"), found
        assert found.endswith(f"; fix the leaflet content, then run: folderstem content check {folder}"), found
        assert "Traceback" not in errors
    assert "not valid TOML" in line(doctor_alone(tmp_path, "--content", str(broken), "--only", "content")[1], "content")


def test_a_stopped_sound_server_fails_both_devices_with_advice(sound_system: pulse.PulseServer) -> None:
    sound_system.stop()
    process = doctor(sound_system, "mic.monitor", "--only", "microphone", "--only", "speaker")
    code, lines, errors = finish(process, timeout=120)
    assert code == 1, (lines, errors)
    for check in ("microphone", "speaker"):
        assert line(lines, check).startswith(f"FAIL {check}: no "), lines
        assert "start the sound server for this user" in line(lines, check), lines
    assert "Traceback" not in errors
