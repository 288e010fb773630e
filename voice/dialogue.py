"""A conversation about one leaflet: pure state, no input or output.

The session turns each utterance into the responses to speak, red-flag warnings
first, and remembers what a hands-free patient needs it to: what was said last
(to repeat it), where it is in the leaflet and what an interruption left unsaid (to go
on), and how fast and how loud to speak.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from voice.hearing import Heard
from voice.language import ControlKind, Language
from voice.leaflet import Leaflet, RedFlag, Warning
from voice.responses import Kind, Response
from voice.screen import FlagHit
from voice.spoken import Speaker
from voice.understanding import Understander, Understanding

RATE_STEP = 1.15
SLOWEST, FASTEST = 0.6, 1.6
LEVEL_STEP = 3  # dB: a step a patient hears, a few of them from softest to loudest
SOFTEST, LOUDEST = -6, 6  # dB against the device's own level
FAILURES_BEFORE_OFFER = 2


@dataclass(frozen=True)
class Skill:
    """Everything needed to talk about one leaflet, loaded once (voice/loading.py) and shared by sessions."""

    leaflet: Leaflet
    language: Language
    understander: Understander
    speaker: Speaker

    def phrase(self, name: str, **values: object) -> str:
        suggestions = " ".join(s[:1].upper() + s[1:] for s in self.leaflet.suggestions)
        return (
            self.language.phrases[name]
            .format(title=self.leaflet.title, subject=self.leaflet.subject, suggestions=suggestions, **values)
            .strip()
        )

    def warning(self, warning: Warning, flags: tuple[RedFlag, ...], denied: bool) -> Response:
        text = self.speaker.compose([warning.heading, *(f.item for f in flags)])
        if denied:
            text = f"{self.phrase('denied_lead')} {text}"
        return Response(warning.urgency, None, text, flags)

    def warnings(self, hits: tuple[FlagHit, ...]) -> list[Response]:
        """One response per warning heading, most urgent first, signs in leaflet order."""
        responses = []
        for warning in self.leaflet.warnings:
            mine = [h for h in hits if h.flag.warning == warning]
            if mine:
                responses.append(self.warning(warning, tuple(h.flag for h in mine), all(h.denied for h in mine)))
        order = list(Kind)
        return sorted(responses, key=lambda r: order.index(r.kind))


@dataclass
class Session:
    skill: Skill
    rate: float = 1.0
    level: int = 0  # dB against the device's level: the patient's "louder" and "softer"
    ended: bool = False
    section: int | None = None  # the leaflet section read last
    last: list[Response] = field(default_factory=list)
    failures: int = 0  # utterances not understood in a row
    offered_sections: bool = False
    silences: int = 0  # long silences in a row
    asleep: bool = False  # after a long silence: only a wake phrase or a red flag
    # Only what follows its name or a greeting is answered, and red flags always: for a home
    # where a television or a radio talks all day.
    require_wake: bool = False
    called: bool = False  # with require_wake: the patient called it, the next utterance is answered
    unsaid: list[Response] = field(default_factory=list)  # what an interruption cut off, to go on with
    offered_to_go_on: bool = False  # the patient was asked once whether to go on with it
    asking_to_go_on: bool = False  # just asked: "ja" goes on

    @property
    def waiting(self) -> bool:
        """Only a wake phrase or a red flag gets an answer now."""
        return self.asleep or (self.require_wake and not self.called)

    def silence(self) -> list[Response]:
        """A long silence: ask once whether the patient is still there, then go quiet. Waiting
        for its name, it asks nothing, and a call not followed by a question lapses."""
        if self.require_wake:
            self.called = False
            return []
        self.silences += 1
        if self.silences == 1:
            return [self._say("still_there", "still_there")]
        if not self.asleep:
            self.asleep = True
            return [self._say("asleep", "asleep")]
        return []

    def greet(self, warnings: bool = True) -> list[Response]:
        """What it is and how to ask, in a few seconds; with `warnings` (the first start of the
        day), the leaflet's emergency list, and the prompt again. It invites a question: the
        first is answered even where its name is required, and the greeting says how to ask more."""
        greeting = self.skill.phrase("greeting_call_first" if self.require_wake else "greeting")
        self.called = self.require_wake
        responses = [Response(Kind.CONTROL, "greeting", greeting)]
        emergency = tuple(f for f in self.skill.leaflet.red_flags if f.warning.urgency is Kind.EMERGENCY)
        if warnings and emergency:  # then the question the greeting invited is far back: asked again
            warning = self.skill.warning(emergency[0].warning, emergency, denied=False)
            lead = self.skill.phrase("greeting_warning_lead")
            responses.append(replace(warning, text=f"{lead} {warning.text}"))
            responses.append(Response(Kind.CONTROL, "prompt", self.skill.phrase("prompt")))
        self.last = responses
        return responses

    def interrupted(self, unsaid: list[Response]) -> None:
        """The patient cut the assistant short: keep what was left unsaid, to go on with."""
        if unsaid:
            self.unsaid, self.offered_to_go_on = unsaid, False

    def respond(self, heard: Heard | str, over_its_voice: bool = False) -> list[Response]:
        """What to say to an utterance. `over_its_voice`: said while it spoke, and taken as
        concerning its voice (stop, louder): that needs no call."""
        if isinstance(heard, str):
            heard = Heard.text(heard)
        meaning = self.skill.understander.understand(heard)
        responses = self.skill.warnings(meaning.flags)
        if not meaning.silent:
            self.silences = 0
        called, self.called = self.called, False
        if self.asleep or (self.require_wake and not called and not over_its_voice):
            if not meaning.wake:  # background talk gets no answer; a red flag always does
                return self._remember(responses) if responses else []
            self.asleep = False
            if not meaning.topics and meaning.control in (None, ControlKind.WAKE):  # called, and nothing asked yet
                self.called = True
                return self._remember(responses + [self._say(ControlKind.WAKE.value, "awake")])
        offered, self.offered_sections = self.offered_sections, False
        go_on, self.asking_to_go_on = self.asking_to_go_on, False
        if meaning.topics:
            responses += self._answers(meaning, already=responses)
        elif meaning.control is not None and not meaning.flags:
            return self._control(meaning.control, offered, go_on)
        elif meaning.fallback and not meaning.flags:
            responses += self._fallback(meaning)
        self.failures = 0 if responses and meaning.fallback is None else self.failures
        if responses:
            self.last = responses
        if responses and self.unsaid and not self.offered_to_go_on:  # asked once; "ja" or "ga verder" goes on
            self.offered_to_go_on = self.asking_to_go_on = True
            responses = responses + [self._say("go_on", "go_on_offer")]
        asked = self.asking_to_go_on or self.offered_sections or any(r.kind is Kind.NOT_UNDERSTOOD for r in responses)
        self.called = self.require_wake and asked  # it asked the patient something: the reply needs no call
        return responses

    def _answers(self, meaning: Understanding, already: list[Response]) -> list[Response]:
        spoken = " ".join(r.text for r in already)
        answers = []
        for topic in meaning.topics:
            text = self.skill.speaker.compose(topic.answer)
            if text in spoken:
                continue
            spoken += " " + text
            answers.append(Response(Kind.ANSWER, topic.id, text))
        return answers

    def _fallback(self, meaning: Understanding) -> list[Response]:
        if meaning.fallback is Kind.NOT_COVERED:
            self.failures = 0
            return [Response(Kind.NOT_COVERED, None, self.skill.phrase("not_covered"))]
        self.failures += 1
        phrase = "nothing_heard" if meaning.silent else "not_understood"
        responses = [Response(Kind.NOT_UNDERSTOOD, None, self.skill.phrase(phrase))]
        if self.failures >= FAILURES_BEFORE_OFFER:
            responses.append(Response(Kind.CONTROL, "offer_sections", self.skill.phrase("offer_sections")))
            self.offered_sections = True
        return responses

    def _control(self, control: ControlKind, offered: bool, go_on: bool) -> list[Response]:
        self.failures = 0
        match control:  # every kind is answered: mypy finds a missing return for one left out
            case ControlKind.REPEAT:
                if not self.last:
                    return [self._say(control.value, "nothing_to_repeat")]
                return [self._say(control.value, "repeat"), *self.last]
            case ControlKind.STOP:
                return [Response(Kind.CONTROL, control.value, "")]
            case ControlKind.PAUSE if self.unsaid:
                return [self._say(control.value, "paused")]
            case ControlKind.PAUSE:  # nothing is being said: "wacht even" was for someone else
                return [Response(Kind.CONTROL, control.value, "")]
            case ControlKind.NEXT if self.unsaid:
                return self._remember(self._go_on())
            case ControlKind.NEXT | ControlKind.PREVIOUS:
                return self._remember(self._step(-1 if control is ControlKind.PREVIOUS else 1))
            case ControlKind.YES if go_on and self.unsaid:
                return self._remember(self._go_on())
            case ControlKind.YES if offered:
                return self._remember(self._step(1))
            case ControlKind.YES:
                return [self._say(control.value, "yes_without_question")]
            case ControlKind.READ_ALL:
                sections = [self._section(i) for i in range(len(self.skill.leaflet.text.sections))]
                self.section = len(sections) - 1
                self.unsaid = []
                return self._remember([self._say(control.value, "read_all"), *sections])
            case ControlKind.SLOWER:
                return self._remember([self._change_rate(control, 1 / RATE_STEP)])
            case ControlKind.FASTER:
                return self._remember([self._change_rate(control, RATE_STEP)])
            case ControlKind.LOUDER | ControlKind.SOFTER:
                # said over the assistant: on with what it was saying, at the new level
                step = LEVEL_STEP if control is ControlKind.LOUDER else -LEVEL_STEP
                return self._remember([self._change_level(control, step), *self._go_on()])
            case ControlKind.GOODBYE:
                self.ended = True
                return [self._say(control.value, "goodbye")]
            case ControlKind.WAKE:
                self.called = True
                return [self._say(control.value, "awake")]
            case ControlKind.HELP | ControlKind.THANKS:
                return self._remember([self._say(control.value, control.value)])

    def _say(self, topic: str, phrase: str, **values: object) -> Response:
        return Response(Kind.CONTROL, topic, self.skill.phrase(phrase, **values))

    def _remember(self, responses: list[Response]) -> list[Response]:
        self.last = responses
        return responses

    def _change_rate(self, control: ControlKind, factor: float) -> Response:
        wanted = round(self.rate * factor, 3)
        if not SLOWEST <= wanted <= FASTEST:
            return self._say(control.value, "slowest" if factor < 1 else "fastest")
        self.rate = wanted
        return self._say(control.value, control.value)

    @property
    def volume(self) -> float:
        """The gain that gives the patient's level."""
        return float(10 ** (self.level / 20))

    def _change_level(self, control: ControlKind, step: int) -> Response:
        if not SOFTEST <= self.level + step <= LOUDEST:
            return self._say(control.value, "softest" if step < 0 else "loudest")
        self.level += step
        return self._say(control.value, control.value)

    def _go_on(self) -> list[Response]:
        """What an interruption left unsaid, taken up where it was cut off."""
        unsaid, self.unsaid = self.unsaid, []
        return unsaid

    def _step(self, step: int) -> list[Response]:
        count = len(self.skill.leaflet.text.sections)
        target = (0 if step > 0 else -1) if self.section is None else self.section + step
        if target >= count:
            return [self._say(ControlKind.NEXT.value, "no_next")]
        if target < 0:
            return [self._say(ControlKind.PREVIOUS.value, "no_previous")]
        self.section, self.unsaid = target, []
        topic = ControlKind.NEXT if step > 0 else ControlKind.PREVIOUS
        return [self._say(topic.value, "section", number=target + 1, count=count), self._section(target)]

    def _section(self, index: int) -> Response:
        section = self.skill.leaflet.text.sections[index]
        return Response(Kind.ANSWER, f"section:{section.id}", self.skill.speaker.compose(section.passages()))
