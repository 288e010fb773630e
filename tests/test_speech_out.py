"""Speech out: the leaflet spoken in Dutch, played through PortAudio and PulseAudio, stoppable at once."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import wave
from typing import TYPE_CHECKING

import numpy as np
import pytest
from rapidfuzz import fuzz

import pulse
from support import FOLDERSTEM
from voice.audio import Audio
from voice.dialogue import Session
from voice.folding import words
from voice.speech_out import earcons, voices
from voice.speech_out.synthesis import Synthesiser, sentences

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from voice.dialogue import Skill
    from voice.speech_out.synthesis import Synthesiser


@pytest.fixture(scope="module")
def nl() -> Synthesiser:
    try:
        return Synthesiser(voices.find("nl"))
    except (ValueError, RuntimeError, OSError) as error:
        pytest.skip(f"espeak-ng is not usable here: {error}")


def _speech_seconds(audio: Audio) -> float:
    return len(pulse.sounding(audio.samples, audio.rate)) / 100


def _all_spoken_texts(skill: Skill) -> list[str]:
    session = Session(skill)
    texts = [r.text for r in session.greet()]
    texts += [session.skill.speaker.compose(t.answer) for t in skill.leaflet.topics]
    texts += [r.text for flag in skill.leaflet.red_flags for r in Session(skill).respond(flag.examples[0])]
    texts += [r.text for r in session.respond("lees alles voor")]
    return list(dict.fromkeys(t for t in texts if t))


def test_every_answer_and_warning_is_spoken_with_a_plausible_length(skill: Skill, nl: Synthesiser) -> None:
    texts = _all_spoken_texts(skill)
    assert len(texts) > 20
    for text in texts:
        audio = Synthesiser.synthesise(nl, text)
        count = len(words(text))
        spoken = _speech_seconds(audio)
        # 140 words a minute is 2.3 words a second; allow for pauses and short words.
        assert count / 4.0 < spoken < count / 1.2, (text[:50], count, spoken, audio.seconds)


def _median_pitch(audio: Audio) -> float:
    """Median fundamental frequency of voiced 40 ms frames, by autocorrelation."""
    frame = int(audio.rate * 0.04)
    pitches = []
    for start in range(0, len(audio.samples) - frame, frame):
        chunk = audio.samples[start : start + frame] - np.mean(audio.samples[start : start + frame])
        if np.sqrt(np.mean(chunk**2)) < 0.02:
            continue
        corr = np.correlate(chunk, chunk, "full")[frame - 1 :]
        low, high = int(audio.rate / 300), int(audio.rate / 60)
        lag = low + int(np.argmax(corr[low:high]))
        if corr[lag] > 0.3 * corr[0]:
            pitches.append(audio.rate / lag)
    return float(np.median(pitches))


@pytest.mark.parametrize("name, low, high", [("mb-nl2", 70, 160), ("mb-nl3", 150, 300)])
def test_an_mbrola_voice_is_played_at_its_true_rate_not_its_header_rate(name: str, low: float, high: float) -> None:
    if name not in [v.name for v in voices.available()]:
        pytest.skip(f"{name} is not installed (Debian package mbrola-{name[3:]})")
    audio = Synthesiser(voices.find(name)).synthesise("Hervat, zodra het kan, uw werk. Blijf actief.")
    assert audio.rate == 16000
    assert low < _median_pitch(audio) < high  # at 22,050 Hz it would be 38 % higher


def test_the_first_synthesis_of_a_fresh_engine_is_not_dropped() -> None:
    code = (
        "from voice.speech_out.synthesis import Synthesiser; from voice.speech_out.voices import find;"
        "print(Synthesiser(find('nl')).synthesise('Mag ik werken?').seconds)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert float(result.stdout.strip().splitlines()[-1]) > 0.5
    assert "Audio saved" not in result.stdout


def test_slower_and_faster_apply_to_the_very_next_sentence(nl: Synthesiser) -> None:
    text = "Hervat, zodra het kan, uw werk."
    normal = nl.synthesise(text).seconds
    slower = nl.synthesise(text, pace=0.6).seconds  # right after a normal one
    faster = nl.synthesise(text, pace=1.6).seconds
    assert slower > 1.4 * normal and faster < 0.8 * normal


def test_a_long_answer_is_made_sentence_by_sentence(skill: Skill, nl: Synthesiser) -> None:
    text = Session(skill).skill.speaker.compose(skill.leaflet.topics[0].answer)
    assert len(sentences(text)) == 2
    first = time.perf_counter()
    pieces = nl.pieces(text)
    next(pieces)
    assert [p.seconds > 0.5 for p in pieces] == [True]
    assert time.perf_counter() - first < 5


def test_the_earcons_rise_for_listening_and_fall_for_not_understood() -> None:
    def pitch_rises(audio: Audio) -> bool:
        half = len(audio.samples) // 2

        def peak(part: np.ndarray) -> np.intp:
            return np.argmax(np.abs(np.fft.rfft(part)))

        return bool(peak(audio.samples[half:]) > peak(audio.samples[:half]))

    assert pitch_rises(earcons.listening())
    assert not pitch_rises(earcons.not_understood())
    for sound in (earcons.listening(), earcons.not_understood()):
        assert 0.1 < sound.seconds < 0.5 and np.max(np.abs(sound.samples)) <= 0.31


def test_say_writes_a_wav_file(tmp_path: Path) -> None:
    out = tmp_path / "antwoord.wav"
    result = subprocess.run(
        [FOLDERSTEM, "say", "--out", str(out), "Hervat, zodra het kan, uw werk."],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    with wave.open(str(out)) as written:
        assert written.getframerate() == voices.default().rate
        assert 1.0 < written.getnframes() / written.getframerate() < 6


def test_with_no_sound_output_it_says_so_and_prints_the_text(tmp_path: Path) -> None:
    env = dict(os.environ, PULSE_SERVER=f"unix:{tmp_path}/no-server")
    started = time.monotonic()
    result = subprocess.run(
        [FOLDERSTEM, "say", "Hervat, zodra het kan, uw werk."], capture_output=True, text=True, timeout=60, env=env
    )
    assert time.monotonic() - started < 20
    assert result.returncode == 1
    assert "Hervat, zodra het kan, uw werk." in result.stdout and "sound output" in result.stderr


# --- through the real audio stack ----------------------------------------------------------------


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[pulse.PulseServer]:
    reason = pulse.available()
    if reason:
        pytest.skip(reason)
    running = pulse.PulseServer(tmp_path)
    monkeypatch.setenv("PULSE_SERVER", running.address)
    if "sounddevice" in sys.modules:
        # PortAudio lists the devices once, when it starts: an earlier test (importing the
        # hands-free modules) started it with no sound server; start it again to see this one.
        sys.modules["sounddevice"]._terminate()
        sys.modules["sounddevice"]._initialize()
    yield running
    running.stop()


def test_speech_is_heard_on_the_speaker(server: pulse.PulseServer, nl: Synthesiser) -> None:
    from voice.speech_out.playback import Player

    recording = server.record()
    played = Player().play(nl.pieces("Hervat, zodra het kan, uw werk. Blijf actief!"))
    heard = recording.stop()
    active = pulse.sounding(heard, recording.rate)
    assert played and len(active) > 100  # more than a second of speech came out
    assert (active[-1] - active[0]) / 100 > 2.0  # both sentences, with the pause between


def test_stop_silences_the_speaker_within_100_ms(server: pulse.PulseServer) -> None:
    from voice.speech_out.playback import Player

    rate = 22050
    t = np.arange(rate * 6) / rate
    tone = Audio((0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32), rate)
    player = Player()
    player.play([Audio(tone.samples[:2205], rate)])  # wake the sink up first
    recording = server.record()
    first: list[float] = []
    threading.Timer(1.5, player.stop).start()
    completed = player.play([tone], on_first_sound=lambda: first.append(time.monotonic()))
    heard = recording.stop()
    active = pulse.sounding(heard, recording.rate)
    assert player.stopped_at is not None
    played = player.stopped_at - first[0]
    sounded = (active[-1] - active[0] + 1) / 100
    assert not completed
    assert sounded - played < 0.100, f"sound went on {1000 * (sounded - played):.0f} ms after the stop"
    assert sounded > 1.0  # it did play until then


def test_ask_speak_says_the_answer_aloud(server: pulse.PulseServer) -> None:
    recording = server.record()
    result = subprocess.run(
        [FOLDERSTEM, "ask", "--speak", "mag ik werken"],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, PULSE_SERVER=server.address),
    )
    heard = recording.stop()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Hervat, zodra het kan, uw werk.")
    assert len(pulse.sounding(heard, recording.rate)) > 300  # several seconds of speech


def test_a_sound_server_that_dies_mid_sentence_is_survived(server: pulse.PulseServer, nl: Synthesiser) -> None:
    from voice.speech_out.playback import NoSoundDevice, Player

    player = Player()
    threading.Timer(0.8, server.process.kill).start()
    started = time.monotonic()
    try:
        completed = player.play(nl.pieces("Kom meteen terug naar de spoedgevallendienst. " * 6))
    except NoSoundDevice:
        completed = False
    assert not completed and time.monotonic() - started < 10


def test_spoken_answers_recognised_again_give_back_the_leaflet_words(skill: Skill, tmp_path: Path) -> None:
    from voice.speech_in.audio_files import read
    from voice.speech_in.engines import EngineUnavailable, recogniser_for
    from voice.speech_out.synthesis import write

    try:
        whisper = recogniser_for("whisper", skill.leaflet, skill.language)
    except EngineUnavailable as error:
        pytest.skip(f"round trip needs faster-whisper: {error}")
    voice = voices.default()
    if voice.name == "nl":
        pytest.skip("the round trip needs an MBROLA voice: Whisper base mishears espeak-ng's own")
    synthesiser = Synthesiser(voice)
    for text, key in [
        ("Hervat, zodra het kan, uw werk.", "werk"),
        ("Kom meteen terug naar de spoedgevallendienst.", "spoedgevallendienst"),
        ("Langdurige bedrust is nadelig voor de rug.", "bedrust"),
    ]:
        write(synthesiser.synthesise(text), tmp_path / "a.wav")
        heard = whisper.recognise(read(tmp_path / "a.wav"))
        # A letter of spelling ("spoedgevalendienst") is the recogniser's, not the voice's.
        assert fuzz.partial_ratio(key, heard.best.lower().replace(" ", "")) >= 90, (text, heard.best)
