"""Telling the patient's voice from the assistant's own, heard back through the microphone.

While it speaks, the assistant listens only for what concerns its voice ("stop", "wacht
even", "harder", "zachter") and for red flags. A home device
has no echo cancellation, so the microphone also hears the loudspeaker: what it hears
is compared with what it is saying. Words it is saying itself are not the patient's,
and a red flag that it is warning about already is no reason to cut that warning short.
What is heard as a whole as a stretch of what it says is its echo, however misheard:
there a red flag counts only in the words that are not its own ("bij te erge pijn een
ontstekingsremmer" heard back as "hergepijn benen ontstekingsremmer" names no sign of the
patient's). A sign it is warning about itself does not cut that warning short; named in
a reading not alike to what it says, and in words it is not saying ("ik kan niet meer
plassen" over "bij plasproblemen"), it is the patient's, and gets its own answer once the
assistant has spoken. Said in the warning's own words, it cannot be told from the echo.

Where an echo canceller takes the assistant's voice out of what the microphone hears, a
question asked over it is the patient's too (`asked_over_its_voice`): a reading unlike
what it says, understood as a question it is not answering already, or as a command.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from voice.cues import Tokens, first_match
from voice.folding import fold, words
from voice.hearing import Heard
from voice.language import ControlKind
from voice.matcher import Label, LabelKind, Match
from voice.understanding import Understander

OWN_WORD_LIKENESS = 75  # a heard word this alike (0-100) to one being said is taken for it
ECHO_LIKENESS = 85  # a heard utterance this alike (0-100) to a stretch of what is said is its echo
MAY_BE_ECHO = 70  # this alike (0-100), a reading may be its echo: no sign it warns about is taken from it


# What a patient may say over the assistant's voice: about that voice itself.
HEEDED_WHILE_SPEAKING = (ControlKind.STOP, ControlKind.PAUSE, ControlKind.LOUDER, ControlKind.SOFTER)
# With its voice taken out, also these; not "ja" or "dank u", which need no interruption and
# which a stray word of its echo is easily heard as.
ASKED_OVER_ITS_VOICE = (
    ControlKind.REPEAT,
    ControlKind.SLOWER,
    ControlKind.FASTER,
    ControlKind.HELP,
    ControlKind.READ_ALL,
    ControlKind.NEXT,
    ControlKind.PREVIOUS,
    ControlKind.GOODBYE,
)


@dataclass(frozen=True)
class BargeIn:
    """What the patient said over the assistant's speech that must interrupt it."""

    control: ControlKind | None  # stop, wait, louder or softer, in words the assistant is not saying itself
    flags: bool  # a red flag that what is being said does not already warn about
    # a red flag that what is being said warns about already, in the patient's own words:
    # answered once it has spoken
    warned_already: bool

    @property
    def interrupts(self) -> bool:
        return self.control is not None or self.flags


def barge_in(understander: Understander, heard: Heard, saying: Sequence[str], cancelled: bool = False) -> BargeIn:
    """`cancelled`: an echo canceller took its voice out of what was heard, so only a reading
    heard as a whole as a stretch of what it says may still be its echo."""
    spoken = " ".join(saying)
    said = fold(spoken)  # folded once: every reading is compared with it
    own_words = set(words(spoken))
    own_signs = _signs(understander, Heard.text(spoken)) if spoken else set()
    rest = Heard(
        tuple(
            replace(t, text=" ".join(w for w in words(t.text) if not _own(w, own_words, said)))
            for t in heard.alternatives
        )
    )
    # Of a reading heard as a stretch of what it says (its echo), only the words not its own
    # can be the patient's.
    patients = Heard(
        tuple(r if _echo(t.text, said) else t for t, r in zip(heard.alternatives, rest.alternatives, strict=True))
    )
    # A sign counts where the whole names it and the patient's words do too: an echo's
    # words, cut loose from their sentence, can name one its whole does not ("rat leg je"
    # for "Raadpleeg uw").
    named = _signs(understander, heard) & _signs(understander, patients)
    flags = bool(named - own_signs)
    warned_already = bool(named & own_signs) and bool(
        named & own_signs & _named_by_the_patient(understander, heard, rest, said, cancelled)
    )
    understood = understander.understand(rest)
    control = understood.control if understood.control in HEEDED_WHILE_SPEAKING else None
    # What is left once its own words are struck out is no utterance: often a single misheard
    # word of its echo ("Wat wil zuiden over u rugpijn?" for "Wat wilt u weten over uw
    # rugpijn?" leaves "zuiden", which the taught examples find alike in letters to "niet zo
    # luid", softer). Over its voice a command counts only said as one: a cue of it, or
    # a taught example said word for word.
    if control and not _said_as_a_command(understander, control, understood.match, rest):
        control = None
    return BargeIn(control, flags, warned_already)


def asked_over_its_voice(
    understander: Understander, heard: Heard, saying: Sequence[str], answering: Collection[str]
) -> bool:
    """With its echo cancelled: a free reading unlike what it says asks about a topic it is
    not answering (`answering`: the topics being said), or gives a command. Readings told
    what to expect are left out: over its voice, the content they expect is what it says."""
    said = fold(" ".join(saying))
    for reading in heard.alternatives:
        if reading.expected or _may_be_echo(reading.text, said, cancelled=True):
            continue
        alone = Heard((reading,))
        meaning = understander.understand(alone)
        if any(topic.id not in answering for topic in meaning.topics):
            return True
        command = meaning.control if meaning.control in ASKED_OVER_ITS_VOICE else None
        if command is not None and _said_as_a_command(understander, command, meaning.match, alone):
            return True
    return False


def _said_as_a_command(understander: Understander, control: ControlKind, match: Match | None, rest: Heard) -> bool:
    """A cue of the command was heard, or a taught example of it word for word."""
    if match is not None and match.word_for_word and match.label == Label(LabelKind.CONTROL, control.value):
        return True
    cues, analyser = understander.controls_by_id[control].cues, understander.language.analyser
    return any(first_match(cues, Tokens.of(t.text, analyser), lemmas=False) for t in rest.alternatives)


def _signs(understander: Understander, heard: Heard) -> set[str]:
    """The red flags `heard` names."""
    return {hit.flag.id for hit in understander.understand(heard).flags}


def _named_by_the_patient(
    understander: Understander, heard: Heard, rest: Heard, said: str, cancelled: bool
) -> set[str]:
    """The red flags named by a reading that cannot be its echo: by its words not its own, or,
    with its echo cancelled, by the whole. Readings told what to expect are left out: over
    its voice, the content they expect is what it is saying."""
    signs: set[str] = set()
    for whole, others in zip(heard.alternatives, rest.alternatives, strict=True):
        if not whole.expected and not _may_be_echo(whole.text, said, cancelled):
            signs |= _signs(understander, Heard((whole if cancelled else others,)))
    return signs


def _may_be_echo(text: str, said: str, cancelled: bool) -> bool:
    """Alike enough to what it says to be its echo. Without a canceller a mixture of its
    voice and the patient's is that alike; with one, only what is heard as a whole as a
    stretch of what it says (a short question is often 70 alike to a long text by chance)."""
    return _likeness(text, said) >= (ECHO_LIKENESS if cancelled else MAY_BE_ECHO)


def _echo(text: str, said: str) -> bool:
    """Heard as a whole as a stretch of what is being said (not what is said inside it)."""
    return len(fold(text)) <= len(said) and _likeness(text, said) >= ECHO_LIKENESS


def _likeness(text: str, said: str) -> float:
    """How alike (0-100) `text` is to the stretch of what is said (folded) that it is most like."""
    return fuzz.partial_ratio(fold(text), said)


def _own(word: str, own_words: set[str], said: str) -> bool:
    """One of the assistant's words, as the recogniser may have misheard or split it."""
    if word in own_words or len(word) >= 4 and word in said.replace(" ", ""):
        return True
    return process.extractOne(word, own_words, scorer=fuzz.ratio, score_cutoff=OWN_WORD_LIKENESS) is not None
