"""The hands-free loop with a recogniser double: no speech model, everything else real.

The patient's utterances are tones, each at its own pitch, fed block by block as the
microphone would; the real endpointer finds where each begins and ends, and the double
hears a tone as the transcript scripted for its pitch. Conversation, barge-in, echo tail,
idle and sleep are the product's own. The loudspeaker is a clock: each word takes
WORD_SECONDS, so the patient can wait for the assistant, or speak over it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
import pytest

from voice.dialogue import Session, Skill
from voice.hands_free.conversation import Conversation, Timing
from voice.hands_free.events import Event, Sound
from voice.hands_free.mouth import Speech
from voice.hearing import Heard
from voice.responses import Kind
from voice.speech_in.audio_files import RATE
from voice.speech_in.endpointing import Endpointer
from voice.speech_in.recogniser import Stream, Wanted, always
from voice.speech_in.voice_activity import EnergyActivity
from voice.speech_out import earcons

WORD_SECONDS = 0.3  # about 200 words a minute
BLOCK = RATE // 10  # 100 ms, as the microphone delivers
END_SILENCE = Timing().end_silence


class ScriptedRecogniser:
    """Hears each utterance as the transcript scripted for its pitch."""

    name = "scripted"

    def __init__(self) -> None:
        self.transcripts: dict[float, str] = {}
        self.failing: set[str] = set()  # transcripts it fails on, as a broken model would
        self.seconds = 0.0  # how long a hearing takes: the microphone's sound waits meanwhile
        self.took = 0.0  # seconds taken by its hearings so far
        self.heard: list[float] = []  # the seconds of sound of each hearing
        self.wanted: list[Wanted] = []  # of each hearing: is it still wanted?

    def pitch(self, text: str) -> float:
        """The pitch the patient says `text` at: a new one for every utterance."""
        pitch = 300.0 + 40.0 * len(self.transcripts)
        self.transcripts[pitch] = text
        return pitch

    def recognise(self, samples: np.ndarray, wanted: Wanted = always) -> Heard:
        self.took += self.seconds
        self.heard.append(len(samples) / RATE)
        self.wanted.append(wanted)
        loudest = float(np.argmax(np.abs(np.fft.rfft(samples)))) * RATE / len(samples)
        text = self.transcripts[min(self.transcripts, key=lambda pitch: abs(pitch - loudest))]
        if text in self.failing:
            raise RuntimeError(f"the model failed on {text!r}")
        return Heard.text(text)

    def quick(self, samples: np.ndarray) -> Heard:
        return self.recognise(samples)

    def stream(self) -> Stream:
        raise NotImplementedError("the conversation hears whole utterances")


@dataclass
class Mouth:
    """The loudspeaker on the input's clock: what it said, when, and when a stop cut it short."""

    said: list[tuple[float, Speech]] = field(default_factory=list)
    stops: list[float] = field(default_factory=list)
    until: float = 0.0  # when what it says now ends
    late: float = 0.0  # how far the sound being handled is behind the moment the mouth is asked

    def say(self, speech: Speech, now: float) -> None:
        start = max(now, self.until)
        words = sum(len(text.split()) for text in speech.texts)
        self.until = start + (speech.cue.seconds if speech.cue else 0.0) + WORD_SECONDS * words / speech.pace
        self.said.append((start, speech))

    def busy(self, now: float) -> bool:
        return now + self.late < self.until

    def silent_for(self, now: float) -> float:
        return max(0.0, now + self.late - self.until)

    def stop(self, now: float) -> tuple[str, ...]:
        """The texts of what was being said from the one cut off (whole: a clock has no sentences)."""
        if not self.busy(now):
            return ()
        self.stops.append(now)
        self.until = now
        start, speech = self.said[-1]
        ends = start + (speech.cue.seconds if speech.cue else 0.0)
        for i, text in enumerate(speech.texts):
            ends += WORD_SECONDS * len(text.split()) / speech.pace
            if ends > now:
                return speech.texts[i:]
        return ()

    def wait(self) -> None:
        pass


@dataclass
class Log:
    lines: list[tuple[float, str, str]] = field(default_factory=list)

    def write(self, seconds: float, who: str, text: str) -> None:
        self.lines.append((seconds, who, text))

    def answer(self, said: str) -> list[str]:
        """Who spoke, after the patient said `said` (the first time) and before the patient spoke again."""
        start = next(i for i, (_, who, text) in enumerate(self.lines) if who == "patient" and text.startswith(said))
        answer = []
        for _, who, _ in self.lines[start + 1 :]:
            if who == "patient":
                break
            answer.append(who)
        return answer

    def patient(self, said: str) -> str:
        """The log line of what the patient said, with a note on what became of it."""
        return next(text for _, who, text in self.lines if who == "patient" and text.startswith(said))


class Patient:
    """The input: a patient who speaks, pauses, and may wait for the assistant to finish."""

    def __init__(self, recogniser: ScriptedRecogniser, mouth: Mouth, cancelled: bool = False):
        self.recogniser = recogniser
        self.mouth = mouth
        self.cancelled = cancelled  # as if an echo canceller that has learnt the room took its voice out
        self.now = 0.0
        self.ended: dict[str, float] = {}  # when each utterance ended
        self._took = 0.0  # of the recogniser's hearings, what is already waiting

    def pause(self, seconds: float) -> Iterator[Event]:
        for _ in range(round(seconds * RATE / BLOCK)):
            yield self._block(np.zeros(BLOCK, np.float32))

    def waits(self, after: float = 1.0) -> Iterator[Event]:
        """Silence while the assistant answers, then `after` seconds more. It begins to answer
        once the pause that ends a question has passed: the patient gives it a second."""
        yield from self.pause(1.0)
        while self.mouth.busy(self.now):
            yield self._block(np.zeros(BLOCK, np.float32))
        yield from self.pause(after)

    def say(self, text: str, seconds: float = 0.8, loudness: float = 0.1) -> Iterator[Event]:
        t = np.arange(round(seconds * RATE)) / RATE
        tone = (loudness * np.sin(2 * np.pi * self.recogniser.pitch(text) * t)).astype(np.float32)
        for start in range(0, len(tone), BLOCK):
            yield self._block(tone[start : start + BLOCK])
        self.ended[text] = self.now

    def _block(self, samples: np.ndarray) -> Sound:
        """The block, as late as the conversation is: a hearing that took a while leaves the
        sound that came meanwhile waiting, taken block by block at once after it."""
        self.now += len(samples) / RATE
        late = max(0.0, self.mouth.late - BLOCK / RATE) + self.recogniser.took - self._took
        self._took = self.recogniser.took
        self.mouth.late = late
        return Sound(samples, late, self.cancelled)


class Run:
    """One conversation: the real session and loop, with the doubles around them."""

    def __init__(
        self, skill: Skill, idle_seconds: float = Timing.idle_seconds, anticipate: bool = True, cancelled: bool = False
    ):
        self.skill = skill
        self.recogniser = ScriptedRecogniser()
        self.mouth = Mouth()
        self.log = Log()
        self.reports: list[str] = []  # what the conversation tells the operator
        self.patient = Patient(self.recogniser, self.mouth, cancelled)
        timing = Timing(idle_seconds=idle_seconds)
        self.conversation = Conversation(
            Session(skill), self.recogniser, self.mouth, timing, self.log, self.reports.append, anticipate
        )
        # The patient here is tones, which only the loudness detector takes for speech.
        self.conversation.endpointer = Endpointer(activity=EnergyActivity())

    def go(self, *steps: Iterator[Event]) -> None:
        self.conversation.run(chain(*steps))

    def said_between(self, start: float, end: float) -> list[Speech]:
        return [speech for at, speech in self.mouth.said if start <= at < end]


@pytest.fixture
def run(skill: Skill) -> Run:
    return Run(skill)


def once_the_pause_ends(ended: float, moment: float) -> bool:
    """`moment` is when the pause that ends an utterance ending at `ended` has passed (the
    input comes in blocks of 100 ms)."""
    return END_SILENCE <= moment - ended <= END_SILENCE + BLOCK / RATE + 0.05


def test_a_question_heard_during_a_short_pause_is_answered_whole_when_the_patient_goes_on(run: Run) -> None:
    p = run.patient
    wanted_as_the_patient_went_on: list[bool] = []

    def first_hearing_wanted() -> Iterator[Event]:
        wanted_as_the_patient_went_on.append(run.recogniser.wanted[0]())
        yield from ()

    run.go(
        p.waits(),
        p.say("mag ik werken"),
        p.pause(0.4),
        p.say("mag ik tillen", loudness=0.3),
        first_hearing_wanted(),
        p.waits(),
    )
    assert wanted_as_the_patient_went_on == [False]  # the hearing of the first half could stop at once
    assert [text for _, who, text in run.log.lines if who == "patient"] == ["mag ik tillen"]
    assert run.log.answer("mag ik tillen") == ["answer:tillen"]
    first_half, *_, whole = run.recogniser.heard
    assert first_half < 1.5 < whole  # the first half was heard during the pause, and not used
    assert run.recogniser.heard.count(whole) == 1  # the whole, heard during its own pause, was not heard again
    assert run.recogniser.wanted[-1]()  # the whole was wanted to the end


def test_it_greets_with_the_emergency_signs_then_answers_when_the_pause_ends(run: Run) -> None:
    p = run.patient
    run.go(p.waits(), p.say("mag ik werken"), p.waits())
    emergency = ",".join(f.id for f in run.skill.leaflet.red_flags if f.warning.urgency is Kind.EMERGENCY)
    assert [who for _, who, _ in run.log.lines[:3]] == ["control:greeting", f"emergency:{emergency}", "control:prompt"]
    assert run.log.answer("mag ik werken") == ["answer:werk"]
    answered = next(at for at, who, _ in run.log.lines if who == "answer:werk")
    assert once_the_pause_ends(p.ended["mag ik werken"], answered)
    [listening, answer] = run.said_between(p.ended["mag ik werken"], answered + 60)
    assert listening.cue is not None and not listening.texts  # the tone that says "heard; thinking"
    assert answer.texts and answer.texts[0].startswith("Hervat, zodra het kan, uw werk.")


def test_stop_said_while_it_reads_silences_it_at_once_and_it_still_listens_after(run: Run) -> None:
    p = run.patient
    run.go(
        p.waits(),
        p.say("lees alles voor"),
        p.pause(4),
        p.say("stop", seconds=0.5),
        p.pause(3),
        p.say("help"),
        p.waits(),
    )
    assert run.log.answer("lees alles voor")[0] == "control:read_all"
    assert run.log.patient("stop") == "stop [interrupts]"
    [stopped] = run.mouth.stops
    assert once_the_pause_ends(p.ended["stop"], stopped)
    assert run.said_between(stopped, p.ended["help"]) == []  # a stop is answered with silence
    assert run.log.answer("help")[0] == "control:help"


def test_a_red_flag_said_while_it_speaks_cuts_it_short_is_warned_at_once_and_it_offers_to_go_on(run: Run) -> None:
    p = run.patient
    run.go(
        p.waits(),
        p.say("welke pijnstiller mag ik nemen"),
        p.pause(3),
        p.say("ik kan niet meer plassen"),
        p.waits(),
    )
    assert run.log.answer("welke pijnstiller mag ik nemen") == ["answer:pijnstillers"]
    assert run.log.patient("ik kan niet meer plassen") == "ik kan niet meer plassen [interrupts]"
    assert run.log.answer("ik kan niet meer plassen") == ["emergency:plas-stoelgang", "control:go_on"]
    [stopped] = run.mouth.stops
    assert once_the_pause_ends(p.ended["ik kan niet meer plassen"], stopped)


def test_the_echo_of_what_a_red_flag_cut_short_does_not_cut_short_the_warning_after_it(run: Run) -> None:
    p = run.patient
    run.go(
        p.pause(3),  # the greeting reads the emergency signs
        p.say("ik heb zenuwpijn in mijn been"),  # a sign it does not name
        p.pause(0.8),
        p.say("bij erectiestoornissen"),  # the greeting's words that were still coming in
        p.waits(),
    )
    assert run.log.patient("ik heb zenuwpijn in mijn been") == "ik heb zenuwpijn in mijn been [interrupts]"
    assert run.log.answer("ik heb zenuwpijn in mijn been") == ["gp:zenuwpijn", "control:go_on"]
    assert run.log.patient("bij erectiestoornissen").endswith("[not acted on: said while the assistant spoke]")
    assert len(run.mouth.stops) == 1


def test_a_sign_said_while_its_warning_names_it_does_not_cut_it_short_and_is_answered_after(run: Run) -> None:
    p = run.patient
    run.go(p.pause(3), p.say("ik kan niet meer plassen"), p.waits())  # during the greeting's emergency signs
    said = run.log.patient("ik kan niet meer plassen")
    assert said == "ik kan niet meer plassen [a sign it is warning about: answered after it]"
    assert run.log.answer("ik kan niet meer plassen") == ["emergency:plas-stoelgang"]
    assert run.mouth.stops == []
    [(greeted, greeting), *_, (answered, answer)] = run.mouth.said
    assert "plasproblemen" in answer.texts[0] and "plasproblemen" in greeting.texts[1]
    assert answered >= greeted + WORD_SECONDS * sum(len(t.split()) for t in greeting.texts)  # after it, whole


def test_a_question_said_while_it_speaks_is_left_alone(run: Run) -> None:
    p = run.patient
    run.go(p.waits(), p.say("welke pijnstiller mag ik nemen"), p.pause(3), p.say("mag ik werken"), p.waits())
    assert run.log.patient("mag ik werken") == "mag ik werken [not acted on: said while the assistant spoke]"
    assert run.log.answer("mag ik werken") == []
    assert run.mouth.stops == []


def test_with_its_echo_cancelled_a_question_said_while_it_speaks_cuts_it_short_and_is_answered(skill: Skill) -> None:
    run = Run(skill, cancelled=True)
    p = run.patient
    run.go(
        p.waits(),
        p.say("welke pijnstiller mag ik nemen"),
        p.pause(3),
        p.say("hoeveel paracetamol mag ik per dag"),  # what it is answering: left alone
        p.pause(1),
        p.say("mag ik werken"),
        p.waits(),
    )
    assert (
        run.log.patient("hoeveel paracetamol")
        == "hoeveel paracetamol mag ik per dag [not acted on: said while the assistant spoke]"
    )
    assert run.log.patient("mag ik werken") == "mag ik werken [a question over its voice]"
    assert run.log.answer("mag ik werken") == ["answer:werk", "control:go_on"]
    assert len(run.mouth.stops) == 1 and once_the_pause_ends(p.ended["mag ik werken"], run.mouth.stops[0])


def test_what_begins_just_as_it_stops_speaking_is_taken_for_its_own_echo(run: Run) -> None:
    p = run.patient
    run.go(
        p.waits(after=0.1),
        p.say("mag ik werken"),
        p.waits(after=1.5),
        p.say("mag ik tillen"),
        p.waits(),
    )
    assert run.log.patient("mag ik werken") == "mag ik werken [not acted on: said while the assistant spoke]"
    assert run.log.answer("mag ik werken") == []
    assert run.log.answer("mag ik tillen") == ["answer:tillen"]


def test_what_waited_in_the_microphone_as_it_fell_silent_is_echo_until_it_did_and_the_patient_after(
    skill: Skill,
) -> None:
    # Each hearing keeps the sound waiting as long as it takes, on the loop's clock; one
    # begun ahead on its own thread could not be charged to it.
    run = Run(skill, anticipate=False)
    p = run.patient
    run.recogniser.seconds = 2.5  # a quick hearing and a full one: 5 s of sound waits after the first

    def its_last_words_echoed() -> Iterator[Event]:
        yield from p.pause(0.1)
        silent = run.mouth.until  # when the greeting's reading ends
        yield from p.pause(silent - 4.3 - p.now)
        yield from p.say("wat wilt u weten")  # its echo, heard while 2.8 s of the reading is left
        yield from p.pause(1.9)
        yield from p.say("mag ik tillen")  # its echo too, waiting in the microphone as the reading ends
        yield from p.pause(2.1)
        yield from p.say("mag ik werken")  # the patient, 1.3 s after it fell silent, still waiting
        yield from p.waits()

    run.go(its_last_words_echoed())
    assert run.log.patient("wat wilt u weten") == "wat wilt u weten [not acted on: said while the assistant spoke]"
    assert run.log.patient("mag ik tillen") == "mag ik tillen [not acted on: said while the assistant spoke]"
    assert run.log.answer("mag ik werken") == ["answer:werk"]


def test_after_a_long_silence_it_asks_once_sleeps_hears_only_red_flags_and_wakes_when_called(skill: Skill) -> None:
    run = Run(skill, idle_seconds=5)
    p = run.patient
    run.go(
        p.waits(after=5.5),  # "Bent u er nog?"
        p.waits(after=5.5),  # it goes to sleep
        p.waits(after=8),
        p.say("mag ik werken"),
        p.pause(3),
        p.say("ik kan niet meer plassen"),
        p.waits(),
        p.say("hallo folderstem"),
        p.waits(),
        p.say("mag ik zwaar tillen"),
        p.waits(),
    )
    said = [who for _, who, _ in run.log.lines if who != "patient"]
    assert said.count("control:still_there") == 1 and said.count("control:asleep") == 1
    assert run.log.answer("mag ik werken") == []
    assert run.log.answer("ik kan niet meer plassen") == ["emergency:plas-stoelgang"]
    assert run.log.answer("hallo folderstem") == ["control:wake"]
    assert run.log.answer("mag ik zwaar tillen") == ["answer:tillen"]


def test_goodbye_ends_the_conversation_and_nothing_after_it_is_heard(run: Run) -> None:
    p = run.patient
    run.go(p.waits(), p.say("tot ziens"), p.pause(3), p.say("mag ik werken"), p.pause(3))
    assert run.log.lines[-1][1] == "control:goodbye"
    assert "mag ik werken" not in p.ended  # the conversation stopped listening


def test_a_recogniser_that_fails_on_an_utterance_does_not_end_the_conversation(run: Run) -> None:
    p = run.patient
    run.recogniser.failing.add("krrr")
    run.go(p.waits(), p.say("krrr"), p.waits(), p.say("mag ik werken"), p.waits())
    assert any("the recogniser failed" in report for report in run.reports)
    after_fault = run.said_between(p.ended["krrr"], p.ended["mag ik werken"])
    assert [s.texts for s in after_fault] == [(), ()]  # no words: the tones "heard", then "not understood"
    assert after_fault[1].cue is not None
    assert np.array_equal(after_fault[1].cue.samples, earcons.not_understood().samples)
    assert run.log.answer("mag ik werken") == ["answer:werk"]


def test_stop_said_while_it_reads_then_go_on_takes_up_the_reading_where_it_was(run: Run) -> None:
    p = run.patient
    run.go(
        p.waits(),
        p.say("lees alles voor"),
        p.pause(12),  # into the first section
        p.say("stop", seconds=0.5),
        p.waits(after=3),
        p.say("ga verder"),
        p.pause(1.5),
    )
    assert run.log.patient("stop") == "stop [interrupts]"
    assert run.log.answer("stop") == []
    sections = [f"answer:section:{s.id}" for s in run.skill.leaflet.text.sections]
    assert run.log.answer("ga verder") == sections  # from the section cut off to the end


def test_louder_said_over_an_answer_goes_on_with_it_louder(run: Run) -> None:
    p = run.patient
    run.go(p.waits(), p.say("welke pijnstiller mag ik nemen"), p.pause(3), p.say("harder"), p.pause(2))
    assert run.log.patient("harder") == "harder [interrupts]"
    assert run.log.answer("harder") == ["control:louder", "answer:pijnstillers"]
    [louder] = [speech for _, speech in run.mouth.said if speech.texts and speech.texts[0].startswith("Goed")]
    assert louder.volume > 1 and len(louder.texts) == 2
