"""The voice detector behind the endpointer, on real recordings and real noise: a question in
a kitchen is found whole, noise alone starts none, and background talk does not hold one open."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from support import SHARED, needs_shared
from voice.evaluation.noise import active_span, mix
from voice.speech_in import voice_activity
from voice.speech_in.audio_files import RATE, read
from voice.speech_in.endpointing import Endpointer
from voice.speech_in.voice_activity import DetectorUnavailable, EnergyActivity, SileroActivity

DEV = SHARED / "speech" / "dev"
NOISE = SHARED / "speech" / "noise"
QUESTION = "d01__mb-nl3_s150_p50.wav"  # "ik voel mijn zitvlak niet meer goed": a red flag


def _feed(endpointer: Endpointer, audio: np.ndarray) -> list[tuple[float, float]]:
    """(start, end) in seconds of each question, fed in 100 ms blocks as a microphone delivers."""
    found = []
    for start in range(0, len(audio), RATE // 10):
        end = (start + RATE // 10) / RATE
        found += [
            (end - q.quiet_after - len(q.samples) / RATE, end)
            for q in endpointer.feed(audio[start : start + RATE // 10])
        ]
    return found


def _question_in(noise: str, snr_db: float) -> tuple[np.ndarray, tuple[float, float]]:
    """The question between 1 s before and 3 s after, mixed with the noise; and where its speech is."""
    speech = read(needs_shared(DEV / QUESTION))
    padded = np.concatenate([np.zeros(RATE, np.float32), speech, np.zeros(3 * RATE, np.float32)])
    span = active_span(padded, RATE)
    assert span is not None
    return mix(
        padded,
        read(needs_shared(NOISE / f"{noise}.wav"), max_seconds=600),
        RATE,
        snr_db,
        seed=zlib.crc32(noise.encode()),
    ), span


@pytest.mark.parametrize(("noise", "snr_db"), [("kitchen", 5.0), ("babble_nl_6", 10.0)])
def test_a_question_in_noise_is_found_whole_and_taken_soon_after_the_patient_stops(noise: str, snr_db: float) -> None:
    audio, (spoken_from, spoken_until) = _question_in(noise, snr_db)
    [(start, end)] = _feed(Endpointer(), audio)
    assert start <= spoken_from and spoken_until + 0.5 < end < spoken_until + 1.5


@pytest.mark.parametrize("noise", ["kitchen", "running_tap"])
def test_noise_alone_starts_no_question(noise: str) -> None:
    level = read(needs_shared(DEV / QUESTION))
    samples = read(needs_shared(NOISE / f"{noise}.wav"), max_seconds=600)[: 30 * RATE]
    speech_level = np.sqrt(np.mean(np.square(level[np.abs(level) > 0.01])))
    noise_at_5_db = samples * (speech_level / np.sqrt(np.mean(np.square(samples))) / 10 ** (5 / 20))
    endpointer = Endpointer()
    assert _feed(endpointer, noise_at_5_db.astype(np.float32)) == []
    assert not endpointer.speaking


def test_the_endpointer_listens_with_silero_where_it_is_installed() -> None:
    assert isinstance(Endpointer().activity, SileroActivity)


def test_without_the_model_it_falls_back_to_loudness_and_tells_the_operator(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def missing() -> None:
        raise DetectorUnavailable("onnxruntime, which runs Silero VAD, is not installed")

    monkeypatch.setattr(voice_activity, "SileroActivity", missing)
    endpointer = Endpointer()
    assert isinstance(endpointer.activity, EnergyActivity)
    assert "falls back to loudness (onnxruntime" in capsys.readouterr().err
    audio, (spoken_from, spoken_until) = _question_in("white_noise", 40.0)
    [(start, end)] = _feed(endpointer, audio)
    assert start < spoken_from + 0.2 and spoken_until < end


def test_a_question_after_a_long_silence_is_heard_from_its_first_word() -> None:
    speech = read(needs_shared(DEV / "d15__mb-nl2_s150_p50.wav"))  # "mag ik werken"
    audio = np.concatenate([np.zeros(36 * RATE, np.float32), speech, np.zeros(RATE, np.float32)])
    span = active_span(audio, RATE)
    assert span is not None
    [(start, _end)] = _feed(Endpointer(), audio)
    assert start <= span[0]
