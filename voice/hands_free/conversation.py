"""The hands-free conversation: listen, answer aloud, and keep listening while speaking.

Time is the input's own: seconds of sound received. The microphone delivers it in real
time; a recording as fast as it can be processed, so a recorded conversation is
reproducible and an hour of it takes minutes.

While the assistant speaks it acts on what concerns its voice (stop, wait, louder,
softer) and on red flags. Without an echo canceller that is all: a question asked over
its voice cannot be told from the voice itself. With one that has learnt the room (sound
marked `echo_cancelled`), a question or a command asked over its voice cuts it short and
is answered. Whatever it hears of its own voice it leaves alone; what an interruption cut
off, the patient can have it go on with. A red flag it is warning about itself, in the
patient's own words, is answered once it has spoken.

A question is heard while the pause that ends it still goes on (`Anticipation`), so that
its answer follows the pause sooner.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np

from voice.dialogue import Session
from voice.hands_free.anticipation import Anticipation
from voice.hands_free.events import Event, MicrophoneBack, MicrophoneLost, Sound
from voice.hands_free.mouth import Speech
from voice.hearing import Heard
from voice.own_voice import asked_over_its_voice, barge_in
from voice.responses import Kind, Response
from voice.speech_in.audio_files import RATE
from voice.speech_in.endpointing import Endpointer
from voice.speech_in.recogniser import Recogniser
from voice.speech_out import earcons


class Mouth(Protocol):
    def say(self, speech: Speech, now: float) -> None: ...
    def busy(self, now: float) -> bool: ...
    def silent_for(self, now: float) -> float: ...  # seconds since it fell silent, when not busy
    def stop(self, now: float) -> tuple[str, ...]: ...  # the texts not heard in full
    def wait(self) -> None: ...


class Log(Protocol):
    """Where the conversation is written down: a TranscriptLog, or a benchmark's tally."""

    def write(self, seconds: float, who: str, text: str) -> None: ...


@dataclass(frozen=True)
class Timing:
    end_silence: float = 0.7  # the pause that ends a question
    idle_seconds: float = 60.0  # quiet before asking whether the patient is still there
    echo_tail: float = 0.5  # just after the assistant stops, what is heard may be its own echo


class Conversation:
    def __init__(
        self,
        session: Session,
        recogniser: Recogniser,
        mouth: Mouth,
        timing: Timing = Timing(),
        log: Log | None = None,
        report: Callable[[str], None] = lambda message: None,
        anticipate: bool = True,
    ):
        self.session = session
        self.recogniser = recogniser
        self.mouth = mouth
        self.timing = timing
        self.log = log
        self.report = report
        self.anticipate = anticipate  # hear a question during the pause that may end it
        self.cancelled_since: float | None = None  # since when its voice is taken out of what it hears
        self.hearing = Anticipation()
        self.now = 0.0
        self.endpointer = Endpointer(end_silence=timing.end_silence)
        # what it is saying (a stop cuts off its end), and said until the echo of it died away
        self.saying: list[Response] = []
        self.quiet_since = 0.0  # when the assistant last fell silent
        self._was_busy = False  # the mouth was speaking when last asked
        self.active_at = 0.0  # when the patient or the assistant last spoke

    def run(self, events: Iterable[Event], warnings: bool = True) -> None:
        """Until the patient says goodbye or the input ends; the greeting gives the full
        warning signs with `warnings`."""
        self._say(self.session.greet(warnings))
        try:
            for event in events:
                if isinstance(event, Sound):
                    self._sound(event.samples, event.late, event.echo_cancelled)
                elif isinstance(event, MicrophoneLost):
                    self.report(f"microphone lost: {event.reason}; trying to reopen it")
                    self.endpointer = Endpointer(end_silence=self.timing.end_silence)
                    self._say([self._phrase("microphone_lost")])
                elif isinstance(event, MicrophoneBack):
                    self.report("the microphone works again")
                    self._say([self._phrase("microphone_back")])
                if self.session.ended:
                    break
            else:
                last = self.endpointer.flush()
                if last is not None:
                    self._question(last.samples, last.quiet_after)
        finally:
            self.hearing.close()
        self.mouth.wait()

    def _sound(self, samples: np.ndarray, late: float = 0.0, echo_cancelled: bool = False) -> None:
        if not echo_cancelled:
            self.cancelled_since = None
        elif self.cancelled_since is None:
            self.cancelled_since = self.now
        self.now += len(samples) / RATE
        # The loudspeaker answers for the moment it is asked, `late` seconds of sound after these
        # samples: sound waits in the microphone while a question is recognised, and the assistant
        # may fall silent meanwhile. Stamping only these samples let its echo in the sound that
        # waited pass for the patient's question (on a slow or busy device above all); when it
        # fell silent is asked of it instead.
        busy = self.mouth.busy(self.now)
        if busy:
            self.quiet_since = self.active_at = self.now + late
        elif self._was_busy and late:
            self.quiet_since = self.active_at = self.now + late - self.mouth.silent_for(self.now)
        self._was_busy = busy
        for question in self.endpointer.feed(samples):
            self._question(question.samples, question.quiet_after)
            self._was_busy = self._was_busy or self.mouth.busy(self.now)
            if self.session.ended:
                return
        # Not over its own voice: there a stop must be heard at once, not after this.
        pending = self.endpointer.tentative
        if self.anticipate and pending is not None and not busy:
            self.hearing.start(self.recogniser.recognise, pending)
        elif pending is None:
            self.hearing.drop()  # the patient went on: what was heard ahead is not the question
        if not busy and not self.endpointer.speaking and self.now - self.active_at >= self.timing.idle_seconds:
            self.active_at = self.now
            self._say(self.session.silence())

    def _question(self, samples: np.ndarray, quiet_after: float) -> None:
        started = self.now - quiet_after - len(samples) / RATE
        speaking = self.mouth.busy(self.now)
        # Sound that began while the assistant spoke holds its own voice: only what concerns that
        # voice and red flags count.
        overlapped = speaking or started < self.quiet_since + self.timing.echo_tail
        if not overlapped and not self.session.waiting:
            self.saying = []
            self.mouth.say(Speech(cue=earcons.listening(), volume=self.session.volume), self.now)  # heard; thinking
        heeded = None
        if speaking:  # a quick first hearing, so that "stop" silences at once
            quick = self._recognise(self.recogniser.quick, samples)
            heeded = barge_in(self.session.skill.understander, quick, self._echo()).control
            if heeded is not None:
                self._interrupt()
        heard = self._recognise(self.recogniser.recognise, samples)  # every alternative, for red flags
        self.active_at = self.now
        # its voice was taken out of all of it
        cancelled = self.cancelled_since is not None and started >= self.cancelled_since
        if overlapped:
            verdict = barge_in(self.session.skill.understander, heard, self._echo(), cancelled)
            if not (heeded or verdict.interrupts):
                if verdict.warned_already:  # never silence: its own answer, after the warning
                    self._note(heard, "a sign it is warning about: answered after it")
                    self._say(self.session.respond(heard, over_its_voice=True))
                    return
                if cancelled and self._asked(heard):
                    self._interrupt()
                    self._note(heard, "a question over its voice")
                    self._say(self.session.respond(heard))
                    return
                self._note(heard, "not acted on: said while the assistant spoke")
                return
            self._interrupt()
            self._note(heard, "interrupts")
        elif self.log:
            self.log.write(self.now, "patient", heard.best)
        if not any(t.text.strip() for t in heard.alternatives) and not self.session.waiting:
            self.mouth.say(Speech(cue=earcons.not_understood(), volume=self.session.volume), self.now)  # not words
            return
        self._say(self.session.respond(heard, over_its_voice=overlapped))

    def _asked(self, heard: Heard) -> bool:
        """A question or a command of the patient's, not one it is answering already; where
        its name is required, said with it."""
        answering = {r.about for r in self.saying if r.kind is Kind.ANSWER and r.about}
        if not asked_over_its_voice(self.session.skill.understander, heard, self._echo(), answering):
            return False
        return not self.session.require_wake or self.session.skill.understander.understand(heard).wake

    def _echo(self) -> list[str]:
        """All the assistant is saying, and has said until its echo died away."""
        return [r.text for r in self.saying]

    def _interrupt(self) -> None:
        """Silence the assistant; the session keeps what was cut off, to go on with."""
        unsaid = self.mouth.stop(self.now)
        if unsaid and self.saying:
            cut = self.saying[-len(unsaid) :]
            self.session.interrupted([replace(r, text=t) for r, t in zip(cut, unsaid, strict=False)])

    def _recognise(self, hear: Callable[[np.ndarray], Heard], samples: np.ndarray) -> Heard:
        try:
            return self.hearing.heard(hear, samples)
        except Exception as error:  # a recogniser fault must not end the patient's session
            self.report(f"the recogniser failed on {len(samples) / RATE:.1f} s of sound: {error!r}")
            return Heard(())

    def _say(self, responses: list[Response]) -> None:
        spoken = [r for r in responses if r.text]
        if self.log:
            for response in spoken:
                who = response.kind.value + (f":{response.about}" if response.about else "")
                self.log.write(self.now, who, response.text)
        if not spoken:
            return
        cue = earcons.not_understood() if responses[0].kind is Kind.NOT_UNDERSTOOD else None
        # What is still being said comes before this, and is cut off with it. What was said
        # until a moment ago, or cut off just now, may still be coming in as its echo.
        if self.now >= self.quiet_since + self.timing.echo_tail and not self.mouth.busy(self.now):
            self.saying = []
        self.saying += spoken
        texts = tuple(r.text for r in spoken)
        self.mouth.say(Speech(texts, cue, self.session.rate, self.session.volume), self.now)
        self.active_at = self.now

    def _phrase(self, name: str) -> Response:
        return Response(Kind.CONTROL, name, self.session.skill.phrase(name))

    def _note(self, heard: Heard, what: str) -> None:
        if self.log:
            self.log.write(self.now, "patient", f"{heard.best} [{what}]")
