"""Listening: where a question starts and ends, and one question from a (virtual) microphone."""

from __future__ import annotations

import os
import subprocess
import time
from typing import TYPE_CHECKING

import numpy as np
import pytest

import pulse
from support import FOLDERSTEM, SHARED, needs_shared
from voice.speech_in.audio_files import RATE, read
from voice.speech_in.endpointing import Endpointer, Question

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from voice.dialogue import Skill

DEV = SHARED / "speech" / "dev"


def _room(seconds: float, level: float = 0.002, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(0, level, int(RATE * seconds)).astype(np.float32)


def _feed(endpointer: Endpointer, audio: np.ndarray) -> list[tuple[float, Question]]:
    """(time the question ended, the question) for each, feeding 100 ms blocks as a microphone does."""
    found = []
    for start in range(0, len(audio), RATE // 10):
        for question in endpointer.feed(audio[start : start + RATE // 10]):
            found.append(((start + RATE // 10) / RATE, question))
    return found


def test_a_question_ends_soon_after_the_patient_stops_and_keeps_its_first_syllable_and_last_sound() -> None:
    speech = read(needs_shared(DEV / "d04__nl_s150_p50.wav"))
    audio = np.concatenate([_room(1.0), speech, _room(2.0)])
    endpointer = Endpointer(end_silence=0.7)
    [(ended, question)] = _feed(endpointer, audio)
    audible = np.where(np.abs(speech) > 0.01)[0]
    spoken_from, spoken_until = 1.0 + audible[0] / RATE, 1.0 + audible[-1] / RATE
    assert spoken_until + 0.5 < ended < spoken_until + 1.2
    # it ends a little after the last sound, not with the whole pause that ended it
    kept_until = ended - question.quiet_after
    assert spoken_until < kept_until < spoken_until + 0.45
    assert kept_until - len(question.samples) / RATE < spoken_from


def test_the_question_is_offered_early_in_the_pause_as_it_will_be_handed_over() -> None:
    speech = read(needs_shared(DEV / "d04__nl_s150_p50.wav"))
    spoken_until = np.where(np.abs(speech) > 0.01)[0][-1] + 1
    endpointer = Endpointer(end_silence=0.7)
    assert _feed(endpointer, np.concatenate([_room(1.0), speech[:spoken_until], _room(0.4)])) == []
    offered = endpointer.tentative
    assert offered is not None
    [(_ended, question)] = _feed(endpointer, _room(1.0, seed=1))
    assert np.array_equal(question.samples, offered)
    assert endpointer.tentative is None


def test_a_patient_who_goes_on_after_a_short_pause_is_not_offered_the_first_half() -> None:
    speech = read(needs_shared(DEV / "d04__nl_s150_p50.wav"))
    voiced = np.where(np.abs(speech) > 0.01)[0]
    words = speech[voiced[0] : voiced[-1] + 1]
    endpointer = Endpointer(end_silence=0.7)
    assert _feed(endpointer, np.concatenate([_room(1.0), words, _room(0.4)])) == []
    first_half = endpointer.tentative
    assert first_half is not None
    assert _feed(endpointer, words) == []
    assert endpointer.tentative is None  # speaking again
    [(_ended, question)] = _feed(endpointer, _room(1.5, seed=1))
    assert len(question.samples) > len(first_half) + len(words)


def test_two_questions_with_a_pause_between_are_two() -> None:
    speech = read(needs_shared(DEV / "d15__mb-nl2_s150_p50.wav"))
    audio = np.concatenate([_room(0.5), speech, _room(1.5), speech, _room(1.5)])
    assert len(_feed(Endpointer(), audio)) == 2


def test_a_click_or_a_steady_noise_is_no_question() -> None:
    click = np.concatenate([_room(1.0), np.full(200, 0.8, np.float32), _room(1.0)])
    tap = needs_shared(SHARED / "speech" / "noise" / "running_tap.wav")
    assert _feed(Endpointer(), click) == []
    assert _feed(Endpointer(), read(tap)[: RATE * 10] * 0.3) == []


def test_a_question_that_never_pauses_is_cut_at_the_limit() -> None:
    speech = read(needs_shared(DEV / "d10__nl_s150_p50.wav"))
    voiced = np.where(np.abs(speech) > 0.01)[0]
    endless = np.concatenate([speech[voiced[0] : voiced[-1]]] * 12)  # no pause anywhere
    found = _feed(Endpointer(max_seconds=8.0), endless)
    assert found and len(found[0][1].samples) / RATE == pytest.approx(8.0, abs=0.1)


def test_the_end_of_the_input_gives_the_question_still_spoken() -> None:
    endpointer = Endpointer()
    speech = read(needs_shared(DEV / "d04__nl_s150_p50.wav"))
    speech = speech[: np.where(np.abs(speech) > 0.01)[0][-1]]  # the input ends on the last word
    assert _feed(endpointer, np.concatenate([_room(0.5), speech])) == []
    question = endpointer.flush()
    assert question is not None and len(question.samples) / RATE > 1.0


@pytest.fixture
def audio_stack(tmp_path: Path) -> Iterator[pulse.PulseServer]:
    reason = pulse.available()
    if reason:
        pytest.skip(reason)
    server = pulse.PulseServer(tmp_path, sinks=("speaker", "mic"))
    yield server
    server.stop()


def test_listen_once_hears_a_question_from_the_microphone_and_answers_it(
    audio_stack: pulse.PulseServer, skill: Skill
) -> None:
    from voice.speech_in.engines import EngineUnavailable, recogniser_for

    try:
        recogniser_for("whisper", skill.leaflet, skill.language)
    except EngineUnavailable as error:
        pytest.skip(str(error))
    env = dict(os.environ, PULSE_SERVER=audio_stack.address, PULSE_SOURCE="mic.monitor")
    listening = subprocess.Popen(
        [FOLDERSTEM, "listen", "--once", "--engine", "whisper", "--timeout", "60"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not audio_stack.ctl("list", "short", "source-outputs").stdout.strip():
        time.sleep(0.2)  # the microphone is open (the model has loaded)
    subprocess.run(
        [
            "paplay",
            "--server",
            audio_stack.address,
            "--device=mic",
            str(needs_shared(DEV / "d15__mb-nl2_s150_p50.wav")),
        ],
        check=True,
        timeout=30,
    )
    out, err = listening.communicate(timeout=120)
    assert listening.returncode == 0, err
    assert "Ik luister" in err
    assert "Hervat, zodra het kan, uw werk." in out


def test_listen_without_a_microphone_says_so_and_offers_the_typed_conversation(tmp_path: Path, skill: Skill) -> None:
    from voice.speech_in.engines import EngineUnavailable, recogniser_for

    try:
        recogniser_for("whisper", skill.leaflet, skill.language)
    except EngineUnavailable as error:
        pytest.skip(str(error))
    env = dict(os.environ, PULSE_SERVER=f"unix:{tmp_path}/none")
    result = subprocess.run(
        [FOLDERSTEM, "listen", "--once", "--engine", "whisper"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert "microphone" in result.stderr and "folderstem chat" in result.stderr


def test_answering_a_recording_without_a_speech_model_says_which_command_installs_one(tmp_path: Path) -> None:
    recording = needs_shared(SHARED / "speech" / "dev" / "d01__mb-nl2_s150_p50.wav")
    env = dict(os.environ, FOLDERSTEM_MODELS=str(tmp_path))
    result = subprocess.run(
        [FOLDERSTEM, "listen", "--input", str(recording), "--engine", "whisper"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "folderstem models install whisper-base" in result.stderr
    assert "Traceback" not in result.stderr
