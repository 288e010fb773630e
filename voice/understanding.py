"""From what was heard to what it means: red flags, topics, a control, or neither.

The order is the product's promise: red flags first, on every alternative; then the
leaflet topics asked about, in the order asked; a control only when no question was
asked (what was plainly heard before what a recogniser told what to expect read); and an
honest "not covered" rather than the nearest topic.
"""
from __future__ import annotations

from dataclasses import dataclass

from voice.cues import FUZZY_TWO_FROM, Cue, Tokens, first_match
from voice.hearing import Heard
from voice.language import Control, Language
from voice.leaflet import Leaflet, Topic
from voice.responses import Kind
from voice.screen import FlagHit, RedFlagScreen

TOPIC_FUZZY_FROM = FUZZY_TWO_FROM   # only long words may be a letter off in a question


@dataclass(frozen=True)
class Understanding:
    flags: tuple[FlagHit, ...]      # most urgent first
    topics: tuple[Topic, ...]       # in the order asked
    control: str | None             # a control id, only when no topic was asked
    fallback: Kind | None           # NOT_COVERED or NOT_UNDERSTOOD when nothing else applies
    silent: bool                    # nothing was said at all
    wake: bool = False              # a wake phrase was said, whatever else was


class Understander:
    def __init__(self, leaflet: Leaflet, language: Language):
        self.leaflet = leaflet
        self.language = language
        self.screen = RedFlagScreen(leaflet.red_flags, language.denials_before, language.denials_after)
        self.question_cues: tuple[Cue, ...] = language.question_cues + leaflet.not_covered_cues
        self.wake_cues = next((c.cues for c in language.controls if c.id == "wake"), ())

    def understand(self, heard: Heard) -> Understanding:
        alternatives = [Tokens.of(t.text) for t in heard.alternatives] or [Tokens.of("")]
        flags = self.screen.screen(alternatives)
        if not any(t.words for t in alternatives):
            return Understanding(flags, (), None, Kind.NOT_UNDERSTOOD, silent=True)
        wake = any(first_match(self.wake_cues, t) for t in alternatives)
        # What was plainly heard goes first: "wat kan ik vragen", heard right, is the help
        # control, not "wat kan ik zelf doen", which a reading told to expect questions made of it.
        for expected in (False, True):
            group = [tokens for tokens, t in zip(alternatives, heard.alternatives) if t.expected is expected]
            for tokens in group:
                topics = self._topics(tokens)
                if topics:
                    return Understanding(flags, topics, None, None, silent=False, wake=wake)
            for tokens in group:
                control = self._control(tokens)
                if control:
                    return Understanding(flags, (), control.id, None, silent=False, wake=wake)
        best = alternatives[0]
        asked = any(cue.find(best) for cue in self.question_cues)
        fallback = Kind.NOT_COVERED if asked else Kind.NOT_UNDERSTOOD
        # misheard words around a red-flag region, and no sign heard: warn (recall first)
        if fallback is Kind.NOT_UNDERSTOOD and not flags:
            flags = self.screen.screen(alternatives, unclear=True)
        return Understanding(flags, (), None, fallback, silent=False, wake=wake)

    def _topics(self, tokens: Tokens) -> tuple[Topic, ...]:
        found = []
        for topic in self.leaflet.topics:
            match = first_match(topic.cues, tokens, fuzzy=TOPIC_FUZZY_FROM)
            if match:
                found.append((match[1], topic))
        found.sort(key=lambda pair: pair[0])
        return tuple(topic for _, topic in found)

    def _control(self, tokens: Tokens) -> Control | None:
        for control in self.language.controls:
            if len(tokens.words) <= control.max_words and first_match(control.cues, tokens):
                return control
        return None
