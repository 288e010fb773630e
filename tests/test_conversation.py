"""The hands-free conversation driven from a recording: what a patient would hear, and when."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest
import soundfile

import pulse
from support import FOLDERSTEM, REPO, SHARED, needs_shared
from voice.audio import join, resample
from voice.folding import fold
from voice.hands_free.mouth import RecordingMouth, Speech
from voice.speech_in.audio_files import RATE, read
from voice.speech_out.playback import GAP_SECONDS

if TYPE_CHECKING:
    from voice.speech_in.whisper import WhisperRecogniser
    from voice.speech_out.synthesis import Synthesiser

DEV = SHARED / "speech" / "dev"


@dataclass(frozen=True)
class Line:
    """One line of the transcript log."""

    seconds: float
    who: str
    text: str


def transcript(path: Path) -> list[Line]:
    lines = []
    for row in path.read_text(encoding="utf-8").splitlines():
        stamp, who, text = row.split("\t")
        minutes, seconds = stamp.split(":")
        lines.append(Line(int(minutes) * 60 + float(seconds), who, text))
    return lines


def after(lines: list[Line], moment: float) -> list[Line]:
    """What the assistant said in answer to what the patient finished saying at `moment`."""
    # The line is written when the pause after the words (0.7 s, less what the recording holds) has passed.
    start = next(i for i, line in enumerate(lines) if line.who == "patient" and -0.3 < line.seconds - moment < 1.0)
    answer = []
    for line in lines[start + 1 :]:
        if line.who == "patient":
            break
        answer.append(line)
    return answer


class Script:
    """An input recording built from spoken questions and the patient's pauses."""

    def __init__(self) -> None:
        self.parts: list[np.ndarray] = []
        self.times: dict[str, float] = {}  # name -> when that utterance ends

    def pause(self, seconds: float) -> Script:
        self.parts.append(np.zeros(int(RATE * seconds), np.float32))
        return self

    def say(self, name: str, audio: np.ndarray) -> Script:
        self.parts.append(audio)
        self.times[name] = sum(len(p) for p in self.parts) / RATE
        return self

    def write(self, path: Path) -> Path:
        soundfile.write(path, np.concatenate(self.parts), RATE)
        return path


def dev(utterance: str) -> np.ndarray:
    return read(needs_shared(DEV / f"{utterance}__mb-nl2_s150_p50.wav"))


def spoken_by_patient(text: str) -> np.ndarray:
    """An utterance the shared set lacks, said by the other synthetic voice (as the set's own are)."""
    from voice.speech_out import voices
    from voice.speech_out.synthesis import Synthesiser

    try:
        voice = voices.find("mb-nl3")
    except ValueError as error:
        pytest.skip(str(error))
    audio = Synthesiser(voice, 150).synthesise(text)
    return resample(audio.samples, audio.rate, RATE)


def sound_between(audio: np.ndarray, start: float, end: float) -> float:
    """Seconds of audible sound in the assistant's recording between two moments."""
    piece = audio[int(start * RATE) : int(end * RATE)]
    return len(pulse.sounding(piece, RATE)) / 100


@pytest.fixture(scope="module")
def ten_turns(
    tmp_path_factory: pytest.TempPathFactory, whisper: WhisperRecogniser
) -> tuple[dict[str, float], list[Line], np.ndarray]:
    """A conversation of eleven turns, run once as `folderstem listen --input --output --log`."""
    folder = tmp_path_factory.mktemp("conversation")
    script = (
        Script()
        .pause(36)
        .say("werken", dev("d15"))
        .pause(20)
        .say("pijnstiller", dev("d20"))
        .pause(4)  # during the answer:
        .say("plassen", dev("d04"))
        .pause(30)  # a red flag
        .say("herhaal", dev("d44"))
        .pause(30)
        .say("trager", dev("d45"))
        .pause(10)
        .say("bed", dev("d23"))
        .pause(25)
        .say("zwemmen", dev("d39"))
        .pause(22)
        .say("alles", dev("d47"))
        .pause(6)  # during the whole leaflet:
        .say("stop", dev("d48"))
        .pause(6)
        .say("vragen", dev("d46"))
        .pause(30)
        .say("ziens", spoken_by_patient("tot ziens"))
        .pause(8)
        .say("na afscheid", dev("d15"))
        .pause(15)
    )
    source = script.write(folder / "vragen.wav")
    result = subprocess.run(
        [
            FOLDERSTEM,
            "listen",
            "--engine",
            "whisper",
            "--voice",
            "mb-nl2",
            "--input",
            str(source),
            "--output",
            str(folder / "antwoorden.wav"),
            "--log",
            str(folder / "gesprek.txt"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    answers, rate = soundfile.read(folder / "antwoorden.wav", dtype="float32")
    assert rate == RATE
    return script.times, transcript(folder / "gesprek.txt"), answers


def test_it_greets_with_the_emergency_sentence_then_answers_a_question(
    ten_turns: tuple[dict[str, float], list[Line], np.ndarray],
) -> None:
    times, lines, audio = ten_turns
    assert [line.who for line in lines[:3]][0] == "control:greeting"
    assert lines[1].who.startswith("emergency")
    assert sound_between(audio, 0, 5) > 3  # the greeting is heard at once
    [answer] = after(lines, times["werken"])
    assert answer.who == "answer:werk" and answer.seconds == pytest.approx(times["werken"], abs=0.2)
    assert sound_between(audio, times["werken"], times["werken"] + 6) > 3


def test_a_red_flag_during_an_answer_cuts_it_short_and_the_warning_comes_first(
    ten_turns: tuple[dict[str, float], list[Line], np.ndarray],
) -> None:
    times, lines, audio = ten_turns
    interrupting = next(line for line in lines if "[interrupts]" in line.text)
    assert interrupting.seconds == pytest.approx(times["plassen"], abs=0.2)
    warning = after(lines, times["plassen"])
    assert warning[0].who.startswith("emergency") and "plas" in warning[0].who
    assert "spoedgevallendienst" in fold(warning[0].text)


def test_repeat_says_the_warning_again_and_slower_speaks_slower(
    ten_turns: tuple[dict[str, float], list[Line], np.ndarray],
) -> None:
    times, lines, audio = ten_turns
    repeated = after(lines, times["herhaal"])
    assert repeated[0].who == "control:repeat" and repeated[1].who.startswith("emergency")
    assert after(lines, times["trager"])[0].who == "control:slower"
    [bed] = after(lines, times["bed"])
    assert bed.who == "answer:bedrust"
    from voice.speech_out import voices
    from voice.speech_out.playback import GAP_SECONDS
    from voice.speech_out.synthesis import Synthesiser

    synthesiser = Synthesiser(voices.find("mb-nl2"))
    normal = join(list(synthesiser.pieces(bed.text)), GAP_SECONDS, synthesiser.voice.rate).seconds
    slower = sound_between(audio, times["bed"], times["bed"] + 24)
    assert slower > 1.1 * normal * 0.8  # sounding time (pauses excluded) is about 80 % of the length


def test_a_question_the_leaflet_does_not_cover_is_answered_honestly(
    ten_turns: tuple[dict[str, float], list[Line], np.ndarray],
) -> None:
    times, lines, _ = ten_turns
    [honest] = after(lines, times["zwemmen"])
    assert honest.who in ("not_covered", "not_understood")  # no leaflet answer for what it does not cover


def test_stop_silences_the_reading_at_once_and_help_still_works_after(
    ten_turns: tuple[dict[str, float], list[Line], np.ndarray],
) -> None:
    times, lines, audio = ten_turns
    assert after(lines, times["alles"])[0].who == "control:read_all"
    assert sound_between(audio, times["stop"] - 3, times["stop"]) > 1  # reading, until the stop
    assert sound_between(audio, times["stop"] + 0.1, times["vragen"] - 2) == 0
    assert after(lines, times["vragen"])[0].who == "control:help"


def test_goodbye_ends_the_conversation_and_nothing_after_it_is_answered(
    ten_turns: tuple[dict[str, float], list[Line], np.ndarray],
) -> None:
    times, lines, audio = ten_turns
    assert lines[-1].who == "control:goodbye"
    assert sound_between(audio, times["ziens"], times["ziens"] + 4) > 1
    assert sound_between(audio, times["na afscheid"], len(audio) / RATE) == 0
    assert len(audio) / RATE >= times["ziens"]


# --- the recording it writes ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthesiser() -> Synthesiser:
    from voice.speech_out import voices
    from voice.speech_out.synthesis import Synthesiser

    return Synthesiser(voices.default())


def test_speech_starts_when_said_and_a_stop_cuts_it_at_that_moment(tmp_path: Path, synthesiser: Synthesiser) -> None:
    mouth = RecordingMouth(synthesiser, tmp_path / "uit.wav")
    mouth.say(Speech(("Hervat, zodra het kan, uw werk. Wissel regelmatig af.",)), now=1.0)
    assert mouth.busy(1.5)
    mouth.stop(2.0)
    assert not mouth.busy(2.0)
    mouth.say(Speech(("Tot ziens.",)), now=4.0)
    mouth.close(seconds=8.0)
    audio, rate = soundfile.read(tmp_path / "uit.wav", dtype="float32")
    assert len(audio) == 8 * rate
    assert sound_between(audio, 0, 1.0) == 0
    assert sound_between(audio, 1.0, 2.0) > 0.5
    assert sound_between(audio, 2.01, 4.0) == 0
    assert sound_between(audio, 4.0, 5.5) > 0.3


def test_what_is_said_while_speaking_waits_its_turn(tmp_path: Path, synthesiser: Synthesiser) -> None:
    mouth = RecordingMouth(synthesiser, None)
    mouth.say(Speech(("Hervat, zodra het kan, uw werk.",)), now=0.0)
    first_end = mouth.spoken_seconds
    mouth.say(Speech(("Tot ziens.",)), now=0.5)
    assert mouth.busy(first_end + 0.3)  # the second starts after the first, not over it


def test_a_stop_tells_what_was_not_heard_from_the_sentence_cut_off(tmp_path: Path, synthesiser: Synthesiser) -> None:
    mouth = RecordingMouth(synthesiser, None)
    texts = ("Hervat, zodra het kan, uw werk. Wissel regelmatig af.", "Blijf actief!")
    mouth.say(Speech(texts), now=0.0)
    first = synthesiser.synthesise("Hervat, zodra het kan, uw werk.").seconds
    assert mouth.stop(first + GAP_SECONDS + 0.3) == ("Wissel regelmatig af.", "Blijf actief!")


def test_louder_and_softer_speech_is_measurably_louder_and_softer(tmp_path: Path, synthesiser: Synthesiser) -> None:
    text = ("Kom meteen terug naar de spoedgevallendienst als u een krachtsvermindering in de benen voelt.",)
    levels = []
    for level in (-6, -3, 0, 3, 6):
        path = tmp_path / f"{level}.wav"
        mouth = RecordingMouth(synthesiser, path)
        mouth.say(Speech(text, volume=10 ** (level / 20)), now=0.0)
        mouth.close()
        audio, _ = soundfile.read(path, dtype="float32")
        levels.append(10 * np.log10(np.mean(np.square(audio))))
        assert np.abs(audio).max() < 1.0  # louder, not clipped
    steps = np.diff(levels)
    assert all(2.6 <= step <= 3.3 for step in steps), steps  # 3 dB a step, the loudest bent a little under full scale


def test_a_recording_that_is_not_audio_gets_a_clear_message(tmp_path: Path) -> None:
    bad = tmp_path / "vragen.wav"
    bad.write_text("geen geluid")
    result = subprocess.run(
        [FOLDERSTEM, "listen", "--input", str(bad)], capture_output=True, text=True, timeout=60, cwd=REPO
    )
    assert result.returncode == 2
    assert "not a readable audio file" in result.stderr and "Traceback" not in result.stderr


def test_output_without_input_is_refused_plainly(tmp_path: Path) -> None:
    result = subprocess.run(
        [FOLDERSTEM, "listen", "--output", str(tmp_path / "x.wav")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert result.returncode == 2 and "--output needs --input" in result.stderr


def test_after_a_long_silence_it_asks_once_then_sleeps_but_a_red_flag_still_gets_the_warning(
    tmp_path: Path, whisper: WhisperRecogniser
) -> None:
    script = (
        Script()
        .pause(36 + 25)  # greeting, then 25 s: "Bent u er nog?"
        .pause(30)  # still nothing: it goes to sleep
        .say("werken", dev("d15"))
        .pause(12)  # asleep: not answered
        .say("plassen", dev("d04"))
        .pause(15)  # asleep, but a red flag
        .say("wakker", spoken_by_patient("hallo folderstem"))
        .pause(8)
        .say("werken weer", dev("d15"))
        .pause(15)
    )
    source = script.write(tmp_path / "stil.wav")
    log = tmp_path / "gesprek.txt"
    result = subprocess.run(
        [FOLDERSTEM, "listen", "--engine", "whisper", "--idle", "20", "--input", str(source), "--log", str(log)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    lines, times = transcript(log), script.times
    said = [line.who for line in lines if line.who != "patient"]
    assert said.count("control:still_there") == 1 and said.count("control:asleep") == 1
    assert after(lines, times["werken"]) == []
    assert after(lines, times["plassen"])[0].who.startswith("emergency")
    assert after(lines, times["wakker"])[0].who == "control:wake"
    assert after(lines, times["werken weer"])[0].who == "answer:werk"


def test_a_recording_at_any_rate_and_with_two_channels_is_heard(tmp_path: Path, whisper: WhisperRecogniser) -> None:
    from scipy.signal import resample_poly

    script = Script().pause(36).say("werken", dev("d15")).pause(12)
    mono = np.concatenate(script.parts)
    stereo = np.stack([resample_poly(mono, 441, 160)] * 2, axis=1).astype(np.float32)
    soundfile.write(tmp_path / "vraag.wav", stereo, 44100)
    log = tmp_path / "gesprek.txt"
    result = subprocess.run(
        [FOLDERSTEM, "listen", "--engine", "whisper", "--input", str(tmp_path / "vraag.wav"), "--log", str(log)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert after(transcript(log), script.times["werken"])[0].who == "answer:werk"


def test_called_by_name_only_it_leaves_the_television_alone_warns_of_a_red_flag_and_answers_when_called(
    tmp_path: Path, whisper: WhisperRecogniser
) -> None:
    def television(name: str) -> np.ndarray:  # real Dutch speech, not addressed to it
        return read(needs_shared(SHARED / "speech" / "real_ood" / f"{name}.wav"))

    script = (
        Script()
        .pause(14)  # the greeting, which invites a first question
        .say("werken", dev("d15"))
        .pause(25)
        .say("wandelvakantie", television("nl_rhasspy_907"))  # "gaat u voor een wandelvakantie"
        .pause(3)
        .say("uitslapen", television("nl_rhasspy_304"))
        .pause(3)
        .say("plassen", dev("d04"))
        .pause(25)  # a red flag, called or not
        .say("werken weer", dev("d15"))
        .pause(8)  # not called
        .say("roep", spoken_by_patient("hallo folderstem"))
        .pause(6)
        .say("werken na roep", dev("d15"))
        .pause(25)
    )
    source = script.write(tmp_path / "televisie.wav")
    log = tmp_path / "gesprek.txt"
    command = [FOLDERSTEM, "listen", "--engine", "whisper", "--require-wake", "--warnings-at-start", "never"]
    result = subprocess.run(
        [*command, "--input", str(source), "--log", str(log)], capture_output=True, text=True, timeout=600, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    lines, times = transcript(log), script.times
    assert "eerst mijn naam" in fold(lines[0].text)
    assert after(lines, times["werken"])[0].who == "answer:werk"
    assert after(lines, times["wandelvakantie"]) == []
    assert after(lines, times["uitslapen"]) == []
    assert after(lines, times["plassen"])[0].who.startswith("emergency")
    assert after(lines, times["werken weer"]) == []
    assert after(lines, times["roep"])[0].who == "control:wake"
    assert after(lines, times["werken na roep"])[0].who == "answer:werk"
