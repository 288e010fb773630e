"""From what was heard to what it means: red flags, topics, a control, or neither.

The order is the product's promise: red flags first, on every alternative (the cues of
red-flags.toml, and the learned matcher when the taught examples surely score a sign);
then the leaflet topics asked about: the topic the taught examples surely score, or else
the topics whose cues were heard, in the order asked; a control only when no question
was asked (what was plainly heard before what a recogniser told what to expect read);
and an honest "not covered" rather than a topic the matcher is not sure of.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from voice import analysis
from voice.cues import FUZZY_TWO_FROM, Cue, Tokens, cue_heard, first_match
from voice.hearing import Heard
from voice.language import Control, ControlKind, Language
from voice.leaflet import Leaflet, Topic
from voice.matcher import Label, LabelKind, Match, Matcher, Store
from voice.responses import Kind
from voice.screen import FlagHit, RedFlagScreen

TOPIC_FUZZY_FROM = FUZZY_TWO_FROM  # only long words may be a letter off in a question
NEAREST_SIGN = 0.35  # a sign from the matcher alone: its nearest example at least this alike
# a question the matcher alone found keeps a command's words from being a command only when
# its nearest example is at least this alike ("Met kan ik ragen", Whisper on "wat kan ik
# vragen", is 0.38 alike to "kan ik de wasmand de trap op dragen": the help its other reading holds)
ASKED_NEAREST = 0.45
STILL_ASKED = 0.7  # a topic's score, against a not-covered verdict's, that keeps the topic asked
ALSO_ASKED = 0.3  # a second topic named scores at least this share of the first
MATCHED_WORDS = 60  # a question is shorter; the matcher reads no further


@dataclass(frozen=True)
class Understanding:
    flags: tuple[FlagHit, ...]  # most urgent first
    topics: tuple[Topic, ...]  # in the order asked
    control: ControlKind | None  # only when no topic was asked
    fallback: Kind | None  # NOT_COVERED or NOT_UNDERSTOOD when nothing else applies
    silent: bool  # nothing was said at all
    wake: bool = False  # a wake phrase was said, whatever else was
    match: Match | None = None  # the nearest taught examples, where the matcher was asked
    why: tuple[str, ...] = ()  # for each topic or control, what decided it (for --explain)


class Understander:
    def __init__(self, leaflet: Leaflet, language: Language, store: Store | None = None):
        self.leaflet = leaflet
        self.language = language
        self.screen = RedFlagScreen(leaflet.red_flags, language.denials_before, language.denials_after)
        self.question_cues: tuple[Cue, ...] = language.question_cues + leaflet.not_covered_cues
        self.controls_by_id = {c.id: c for c in language.controls}
        self.wake_cues = self.controls_by_id[ControlKind.WAKE].cues
        self.matcher = Matcher(examples(leaflet, language), language.analyser, store)
        analysis.warm()
        self.hold_out = False  # understand each utterance as if it were not itself taught
        self.topics_by_id = {t.id: t for t in leaflet.topics}
        self.flags_by_id = {f.id: f for f in leaflet.red_flags}

    def holding_out(self) -> Understander:
        """The same understanding (and the same learned matcher) for an utterance as if it
        were not itself a taught example: whether an example is understood, or known by heart."""
        twin = copy.copy(self)
        twin.hold_out = True
        return twin

    def understand(self, heard: Heard) -> Understanding:
        analyser = self.language.analyser
        alternatives = [Tokens.of(t.text, analyser) for t in heard.alternatives] or [Tokens.of("")]
        flags = heard_flags = self.screen.screen(alternatives)
        if not any(t.words for t in alternatives):
            return Understanding(flags, (), None, Kind.NOT_UNDERSTOOD, silent=True)
        plain = [t for t in heard.alternatives if not t.expected and t.text.strip()]
        said = " ".join(plain[0].text.split()[:MATCHED_WORDS]) if plain else ""
        match = self.matcher.match(said, hold_out=self.hold_out) if said else None
        flags = self._with_learned_flag(flags, match)
        wake = any(first_match(self.wake_cues, t) for t in alternatives)
        learned = match.label if match and match.sure else None
        learned_topic = self.topics_by_id.get(learned.id) if learned and learned.kind is LabelKind.TOPIC else None
        # a command word inside a question ("verder", "dagen") is no command; but a command whose
        # letters only look like a question's ("houdoe" has those of "houding") is one: the
        # taught example nearest to it is a command
        asked = (
            learned is not None
            and match is not None
            and learned.kind in (LabelKind.TOPIC, LabelKind.NOT_COVERED)
            and match.neighbours[0].label.kind is not LabelKind.CONTROL
            and match.neighbours[0].score >= ASKED_NEAREST
        )
        strong = learned is not None and match is not None and match.word_for_word
        commanded = (
            learned
            if strong
            and learned is not None
            and learned.kind is LabelKind.CONTROL
            and not self._said_elsewhere(alternatives[0])
            else None
        )
        # What was plainly heard goes first: "wat kan ik vragen", heard right, is the help
        # control, not "wat kan ik zelf doen", which a reading told to expect questions can make of it.
        for expected in (False, True):
            group = [
                (tokens, t)
                for tokens, t in zip(alternatives, heard.alternatives, strict=False)
                if t.expected is expected
            ]
            for tokens, transcript in group:
                found = self._topics(tokens)
                # "mag ik fietsen naar mijn werk" names work, but asks what the leaflet does
                # not cover: its nearest taught example says so. A topic the taught examples
                # score nearly as high stays, unless the words were taught as not covered ("een
                # doos parasitamol" names painkillers, though its nearest example is a blanket).
                # The matcher read what was plainly heard: a reading told what to expect may differ.
                if (
                    found
                    and not expected
                    and learned is not None
                    and match is not None
                    and learned.kind in (LabelKind.NOT_COVERED, LabelKind.NOT_FOR_ME)
                    and (
                        strong
                        or all(
                            match.score_of(Label(LabelKind.TOPIC, topic.id)) < STILL_ASKED * match.score
                            for topic, _ in found
                        )
                    )
                ):
                    break
                # a subject the leaflet does not cover, named, makes the question not covered,
                # unless the taught examples score a topic the cues heard above all else, and the
                # nearest of them is that topic: "mag ik op vakantie mijn valies dragen" names a
                # holiday, but asks about lifting ("mag ik fietsen naar mijn werk" is nearest to cycling)
                favoured = (
                    match is not None
                    and match.label.kind is LabelKind.TOPIC
                    and match.label.id in {topic.id for topic, _ in found}
                    and match.neighbours[0].label == match.label
                )
                if found and not strong and not favoured and self._uncovered_subject(tokens):
                    break
                # a taught command said (nearly) word for word outweighs a question that only a
                # less sure alternative holds ("wat kan ik vragen", offered "wat kan ik eraan doen")
                if found and commanded and transcript.confidence < plain[0].confidence:
                    continue
                if found:
                    # the taught examples, sure of a topic, outweigh a cue's single word
                    if learned_topic and learned_topic not in [topic for topic, _ in found]:
                        found = ((learned_topic, _nearest(match)),)
                    # of the topics named, those the taught examples hardly score were not asked:
                    # "wanneer kan ik terug gaan werken" names coming back, but asks about work
                    if learned_topic and match is not None:
                        found = tuple(
                            item
                            for item in found
                            if item[0] is learned_topic
                            or match.score_of(Label(LabelKind.TOPIC, item[0].id)) >= ALSO_ASKED * match.score
                        )
                    why = tuple(f"topic {topic.id}: {reason}" for topic, reason in found)
                    return Understanding(
                        flags,
                        tuple(topic for topic, _ in found),
                        None,
                        None,
                        silent=False,
                        wake=wake,
                        match=match,
                        why=why,
                    )
            # a taught command said word for word, before a cue's single word
            if commanded:
                return Understanding(
                    flags,
                    (),
                    ControlKind(commanded.id),
                    None,
                    silent=False,
                    wake=wake,
                    match=match,
                    why=(f"control {commanded.id}: {_nearest(match)}",),
                )
            for tokens, _ in group:
                control = self._control(tokens, learned)
                if control and not asked:
                    return Understanding(
                        flags,
                        (),
                        control.id,
                        None,
                        silent=False,
                        wake=wake,
                        match=match,
                        why=(f"control {control.id.value}: a cue of it",),
                    )
        # a topic only the matcher found, nearest to talk not meant for the assistant, was not asked
        # (babble "en zo is het, dat is het" scores a topic, but is nearest to "wat is dat")
        if (
            learned_topic
            and (strong or not self._uncovered_subject(alternatives[0]))
            and (strong or match is None or match.neighbours[0].label.kind is not LabelKind.NOT_FOR_ME)
        ):
            return Understanding(
                flags,
                (learned_topic,),
                None,
                None,
                silent=False,
                wake=wake,
                match=match,
                why=(f"topic {learned_topic.id}: {_nearest(match)}",),
            )
        # a command, short and said in few words, only where its nearest example is that command
        # and no subject the leaflet does not cover was named ("mag ik sporten" is alike in
        # letters to "mag wat rapper", but asks about sport)
        if (
            learned
            and learned.kind is LabelKind.CONTROL
            and match
            and match.neighbours[0].label == learned
            and len(alternatives[0].words) <= self.controls_by_id[ControlKind(learned.id)].max_words
            and not self._uncovered_subject(alternatives[0])
            and not self._said_elsewhere(alternatives[0])
        ):
            return Understanding(
                flags,
                (),
                ControlKind(learned.id),
                None,
                silent=False,
                wake=wake,
                match=match,
                why=(f"control {learned.id}: {_nearest(match)}",),
            )
        best = alternatives[0]
        # "not covered" tells the patient the leaflet has nothing on a question: said where a
        # question was heard, or the taught examples and the nearest of them agree it is one
        # ("de kat speelt met een bolletje wol" scores not covered from "mijn kat is ziek",
        # but is nearest to talk not meant for the assistant: not understood)
        nearest_uncovered = match is not None and match.neighbours[0].label.kind is LabelKind.NOT_COVERED
        asked = (
            learned is not None
            and (learned.kind is LabelKind.TOPIC or (learned.kind is LabelKind.NOT_COVERED and nearest_uncovered))
        ) or any(cue.find(best) for cue in self.question_cues)
        fallback = Kind.NOT_COVERED if asked else Kind.NOT_UNDERSTOOD
        # misheard words around a red-flag region, and no sign heard: warn (recall first)
        # (a sign only the taught examples found is one reading of such words: the others still
        # count, "ik heb benieuwijn in mijn linker benen" gets both signs of the legs)
        if fallback is Kind.NOT_UNDERSTOOD and not heard_flags:
            unclear = self.screen.screen(alternatives, unclear=True)
            named = {hit.flag.id for hit in unclear}
            order = {flag.id: i for i, flag in enumerate(self.leaflet.red_flags)}
            learned_only = tuple(hit for hit in flags if hit.flag.id not in named)
            flags = tuple(sorted(unclear + learned_only, key=lambda hit: order[hit.flag.id]))
        reasons: tuple[str, ...] = ()
        if learned is not None and learned.kind in (LabelKind.NOT_COVERED, LabelKind.NOT_FOR_ME):
            reasons = (f"{fallback.value}: {_nearest(match)}",)
        elif self._uncovered_subject(best):
            reasons = (f"{fallback.value}: it names a subject the leaflet does not cover",)
        return Understanding(flags, (), None, fallback, silent=False, wake=wake, match=match, why=reasons)

    def _with_learned_flag(self, flags: tuple[FlagHit, ...], match: Match | None) -> tuple[FlagHit, ...]:
        """The cues' signs; where they found none, the sign the taught examples score surely,
        when the nearest of them is that sign too (a sign said in words no cue has; "ik heb
        pijn in mijn rug" scores nerve pain from its many examples, but its nearest example
        names no sign), and is alike enough ("gewoon per zakje verpakt", real speech, shares
        only letters with "ik zak er gewoon door"). Where the cues found a sign, the matcher adds none: "het steekt in
        mijn rechterbeen" is nerve pain, not weakness, though its nearest example is "mijn
        rechterbeen wil niet meer mee"."""
        if flags or not (
            match
            and match.sure
            and match.label.kind is LabelKind.RED_FLAG
            and match.neighbours[0].label == match.label
            and match.neighbours[0].score >= NEAREST_SIGN
        ):
            return flags
        return (FlagHit(self.flags_by_id[match.label.id], denied=False, why=_nearest(match)),)

    def _uncovered_subject(self, tokens: Tokens) -> bool:
        """A subject the leaflet does not cover is named ("fietsen", costs, other medicines)."""
        return first_match(self.leaflet.not_covered_cues, tokens, lemmas=False) is not None

    def _said_elsewhere(self, tokens: Tokens) -> bool:
        """Words that show a command was meant for someone else ("jongens, stil")."""
        return first_match(self.language.elsewhere, tokens, lemmas=False) is not None

    def _topics(self, tokens: Tokens) -> tuple[tuple[Topic, str], ...]:
        """The topics whose cues were heard, in the order asked, each with its cue."""
        found = []
        for topic in self.leaflet.topics:
            match = first_match(topic.cues, tokens, fuzzy=TOPIC_FUZZY_FROM, lemmas=False, unknown_only=True)
            if match:
                found.append((match[1], topic, cue_heard(match[0], tokens, match[1], match[2])))
        found.sort(key=lambda item: item[0])
        return tuple((topic, why) for _, topic, why in found)

    def _control(self, tokens: Tokens, learned: Label | None = None) -> Control | None:
        """The control whose cue was heard; where several were, a phrase before a single word
        ("niet zo rap" has the word of "faster", but "zo rap" asks to go slower), then the one
        the taught examples surely score ("merci voor de uitleg" has the word of "help").
        None where the words show it was said to someone else ("zet de radio wat zachter")."""
        if self._said_elsewhere(tokens):
            return None
        heard = []
        for order, control in enumerate(self.language.controls):
            if len(tokens.words) <= control.max_words:
                phrases = [cue for cue in control.cues if cue.phrase]
                rank = 0 if first_match(tuple(phrases), tokens, lemmas=False) else 1
                if rank == 0 or first_match(control.cues, tokens, lemmas=False):
                    heard.append((rank, learned != Label(LabelKind.CONTROL, control.id.value), order, control))
        return min(heard, key=lambda item: item[:3])[3] if heard else None


def _nearest(match: Match | None) -> str:
    if match is None:
        return ""
    near = match.neighbours[0]
    return (
        f"taught examples score {match.label} {match.score:.2f}; nearest taught example "
        f"{near.example!r} ({near.label}, similarity {near.score:.2f})"
    )


def examples(leaflet: Leaflet, language: Language) -> list[tuple[Label, str]]:
    """Every example of the content with what it should lead to: what the matcher learns."""
    found = [(Label(LabelKind.TOPIC, t.id), e) for t in leaflet.topics for e in t.examples]
    found += [(Label(LabelKind.RED_FLAG, f.id), e) for f in leaflet.red_flags for e in f.examples]
    found += [(Label(LabelKind.CONTROL, c.id.value), e) for c in language.controls for e in c.examples]
    found += [(Label(LabelKind.NOT_COVERED), e) for e in leaflet.not_covered_examples]
    found += [(Label(LabelKind.NO_SIGN), e) for e in leaflet.no_sign_examples]
    found += [(Label(LabelKind.NOT_FOR_ME), e) for e in language.not_for_me]
    return found
