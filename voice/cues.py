"""Cues: the words that, together, point to a red flag, a topic or a control.

A cue is written as data a clinician can read, for example

    "been|benen|*been  kracht*|zwak*|slap*"

Slots are separated by spaces; all slots must be found, in any order, within a few
words of each other. Within a slot, `|` separates alternatives. `*` at the end of
an alternative allows any ending (kracht* = krachteloos), at the start any
beginning (*been = linkerbeen), at both ends any word containing it. Words of seven
letters or more also match with a letter or two wrong, as a recogniser hears them
("stoergang" for "stoelgang"), as long as the first letter is right: that keeps
"willen" from being heard as "billen". How long a word must be for that is the
caller's `fuzzy`: the red-flag screen, which must favour recall, forgives from seven
letters; topics, which must favour precision, only long words (nine) that Dutch does not
know (a misheard word: "onderbroek" is itself a word, not "onderzoek" misheard), and
controls none. Neighbouring words are also tried as one word of seven letters or more
("zit vlak" for "zitvlak"; "ontsteking remmer", with the linking s, for "ontstekingsremmer").
`+` joins words that must follow each other exactly ("wat+heb+ik"). The red-flag screen also
matches words by how they sound (voice/analysis.py's `sound`: "ereksie" is heard as
"erectie"), for terms of five letters or more. `@name` stands for every word of a named
concept of the content (concepts.toml: "@been  @zwak" is a leg word with a weakness word).

Words are matched in every form the analyser gives them (voice/analysis.py): a cue
word written as a lemma ("plassen") catches its inflections ("geplast"), Flemish forms
("plasse") and compounds ("plasprobleem").
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from voice.analysis import PLAIN, Analyser, known, sound
from voice.folding import fold

PHRASE_WORDS = 4  # the most words a `+` phrase (or a split word) may span
COMPOUND_PART = 3  # the shortest word after the first that may be part of a split long word
WINDOW = 10  # the furthest apart, in words, that the slots of one cue may be
FUZZY_FROM = 7  # letters needed before one wrong letter is forgiven
FUZZY_TWO_FROM = 9  # letters needed before two wrong letters are forgiven
SEEN_MOST = 50_000  # words a slot remembers its answer for
SOUND_FROM = 5  # letters a term needs to be matched by sound: short words sound alike by chance


class CueSyntaxError(ValueError):
    pass


def _allowed_edits(length: int) -> int:
    if length >= FUZZY_TWO_FROM:
        return 2
    if length >= FUZZY_FROM:
        return 1
    return 0


@dataclass(frozen=True)
class Term:
    """One alternative: a word, a stem (`stem*`), an ending (`*end`) or a part (`*part*`)."""

    core: str
    any_start: bool = False
    any_end: bool = False
    exact: bool = False  # phrases are short common words: one letter off is another phrase

    @classmethod
    def parse(cls, text: str) -> Term:
        any_start, any_end = text.startswith("*"), text.endswith("*")
        parts = [fold(part) for part in text.strip("*").split("+")]
        if not all(parts) or any(" " in part for part in parts):
            raise CueSyntaxError(f"{text!r} is not a word, nor words joined by +")
        core = "".join(parts)
        return cls(core, any_start, any_end, exact=len(parts) > 1)

    def matches(self, word: str, fuzzy: int | None) -> bool:
        return _term_matches(self, word, fuzzy)


@lru_cache(maxsize=200_000)
def _term_matches(term: Term, word: str, fuzzy: int | None) -> bool:
    core, n = term.core, len(term.core)
    if term.any_start and term.any_end:
        if core in word:
            return True
    elif term.any_end:
        if word.startswith(core):
            return True
    elif term.any_start:
        if word.endswith(core):
            return True
    elif word == core:
        return True
    edits = _allowed_edits(n) if fuzzy is not None and n >= fuzzy and not term.exact else 0
    if edits == 0 or len(word) < n - edits:
        return False
    if not term.any_start and word[0] != core[0]:
        return False
    if term.any_start and term.any_end:
        return any(
            Levenshtein.distance(core, word[i : i + n + d], score_cutoff=edits) <= edits
            for d in range(-edits, edits + 1)
            for i in range(0, max(1, len(word) - (n + d) + 1))
        )
    if term.any_end:
        candidates = [word[: n + d] for d in range(-edits, edits + 1)]
    elif term.any_start:
        candidates = [word[-(n + d) :] for d in range(-edits, edits + 1) if n + d > 0]
    else:
        candidates = [word]
    return any(Levenshtein.distance(core, c, score_cutoff=edits) <= edits for c in candidates)


Concepts = Mapping[str, tuple[str, ...]]
_SLOTS: dict[tuple[Term, ...], Slot] = {}  # every slot parsed, by its terms  # a concept's name, and its alternatives


def _alternatives(text: str, concepts: Concepts) -> list[str]:
    found: list[str] = []
    for alternative in text.split("|"):
        if not alternative.strip():
            raise CueSyntaxError(f"empty alternative in {text!r}")
        if alternative.startswith("@"):
            if alternative[1:] not in concepts:
                raise CueSyntaxError(f"{alternative} is not a concept (concepts.toml)")
            found += concepts[alternative[1:]]
        else:
            found.append(alternative)
    return found


@dataclass(frozen=True)
class Slot:
    terms: tuple[Term, ...]
    # what each word matched, remembered: a concept makes a slot of many terms, and the
    # same words come back in every utterance
    _seen: dict[tuple[str, int], bool] = field(default_factory=dict, compare=False, repr=False)
    # The terms as a set and tuples, so that a word new to the slot is tried against all
    # exact and wildcard terms at once, and only the long terms one by one.
    _whole: frozenset[str] = field(init=False, compare=False, repr=False)
    _starts: tuple[str, ...] = field(init=False, compare=False, repr=False)
    _ends: tuple[str, ...] = field(init=False, compare=False, repr=False)
    _inner: tuple[str, ...] = field(init=False, compare=False, repr=False)
    # terms that neighbouring words joined may spell: `+` phrases, and long words split
    _phrases: tuple[frozenset[str], tuple[str, ...]] = field(init=False, compare=False, repr=False)
    _compounds: tuple[frozenset[str], tuple[str, ...]] = field(init=False, compare=False, repr=False)
    _sounds: Slot | None = field(init=False, compare=False, repr=False)  # the terms as they sound

    def __post_init__(self) -> None:
        terms = self.terms
        object.__setattr__(self, "_whole", frozenset(t.core for t in terms if not (t.any_start or t.any_end)))
        object.__setattr__(self, "_starts", tuple(t.core for t in terms if t.any_end and not t.any_start))
        object.__setattr__(self, "_ends", tuple(t.core for t in terms if t.any_start and not t.any_end))
        object.__setattr__(self, "_inner", tuple(t.core for t in terms if t.any_start and t.any_end))
        # joins must spell a phrase or a long word exactly (see `positions`)
        object.__setattr__(self, "_phrases", _spelled_by_joins([t for t in terms if t.exact]))
        long = [t for t in terms if not t.exact and len(t.core) >= FUZZY_FROM and not t.any_start]
        object.__setattr__(self, "_compounds", _spelled_by_joins(long))
        object.__setattr__(self, "_sounds", None)

    @property
    def sounds(self) -> Slot:
        """The slot's long terms by their sound keys, made when first needed."""
        keyed = self._sounds
        if keyed is None:
            terms = (
                Term(sound(t.core), t.any_start, t.any_end)
                for t in self.terms
                if not t.exact and len(t.core) >= SOUND_FROM
            )
            keyed = Slot(tuple(dict.fromkeys(terms)))
            object.__setattr__(self, "_sounds", keyed)
        return keyed

    def _exactly(self, word: str) -> bool:
        return (
            word in self._whole
            or (bool(self._starts) and word.startswith(self._starts))
            or (bool(self._ends) and word.endswith(self._ends))
            or (bool(self._inner) and any(part in word for part in self._inner))
        )

    def matches(self, word: str, fuzzy: int | None) -> bool:
        # Exact matching is a few lookups in C; only a letter forgiven (Levenshtein against
        # every long term) is worth remembering.
        if self._exactly(word):
            return True
        if fuzzy is None:
            return False
        key = (word, fuzzy)
        found = self._seen.get(key)
        if found is None:
            found = any(
                t.matches(word, fuzzy)
                for t in self.terms
                if len(t.core) >= fuzzy and not t.exact and (t.any_start or t.core[0] == word[:1])
            )
            if len(self._seen) < SEEN_MOST:
                self._seen[key] = found
        return found

    @classmethod
    def parse(cls, text: str, concepts: Concepts | None = None) -> Slot:
        """The slot of these terms; cues that share a slot ("@been" is in many) share one, and
        with it what it remembers and what an utterance found for it."""
        terms = tuple(dict.fromkeys(Term.parse(a) for a in _alternatives(text, concepts or {})))
        slot = _SLOTS.get(terms)
        if slot is None:
            slot = _SLOTS[terms] = cls(terms)
        return slot

    def positions(
        self, tokens: Tokens, fuzzy: int | None, lemmas: bool = True, unknown_only: bool = False, sounds: bool = False
    ) -> list[int]:
        key = (id(self), fuzzy, lemmas, unknown_only, sounds)
        found = tokens.found.get(key)
        if found is None:
            found = tokens.found[key] = self._positions(tokens, fuzzy, lemmas, unknown_only, sounds)
        return found

    def _positions(
        self, tokens: Tokens, fuzzy: int | None, lemmas: bool, unknown_only: bool, sounds: bool
    ) -> list[int]:
        # Every form is matched exactly; only the words as said are forgiven a wrong letter
        # (a recogniser mishears what was said, not its lemma: "snap" is "snappen", which is
        # one letter from "stappen"), and with `unknown_only` only words Dutch does not know.
        found = {
            pos
            for word, where in tokens.spelled.items()
            if self.matches(word, None if unknown_only and known(word) else fuzzy)
            for pos in where
        }
        if lemmas:
            found.update(pos for word, where in tokens.index.items() if self.matches(word, None) for pos in where)
        if sounds:
            keyed = self.sounds
            # exactly: a sound key a letter off is too far ("spreken" is not "strekken")
            found.update(pos for key, where in tokens.sounded.items() if keyed.matches(key, None) for pos in where)
        # Joined words complete a phrase, or stand for a long word split by the recogniser
        # ("zit vlak"); a long word is not split before a short word ("water en" is not
        # "wateren"), and a join one letter off is a coincidence ("wat een" is not
        # "wateren"): joins must spell the term.
        for (whole, starts), joins in ((self._phrases, tokens.joined), (self._compounds, tokens.compounds)):
            if whole or starts:
                found.update(
                    pos
                    for word, where in joins.items()
                    if word in whole or (bool(starts) and word.startswith(starts))
                    for pos in where
                )
        return sorted(found)


def _spelled_by_joins(terms: list[Term]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The terms whole, and those with any ending by their start."""
    return frozenset(t.core for t in terms if not t.any_end), tuple(t.core for t in terms if t.any_end)


@dataclass(frozen=True)
class Cue:
    text: str
    slots: tuple[Slot, ...]

    @classmethod
    def parse(cls, text: str, concepts: Concepts | None = None) -> Cue:
        parts = text.split()
        if not parts:
            raise CueSyntaxError("empty cue")
        return cls(text, tuple(Slot.parse(p, concepts) for p in parts))

    @property
    def phrase(self) -> bool:
        """Every alternative is words joined by + ("te+rap"): more telling than one word."""
        return all(term.exact for slot in self.slots for term in slot.terms)

    def find(
        self,
        tokens: Tokens,
        fuzzy: int | None = None,
        lemmas: bool = True,
        unknown_only: bool = False,
        sounds: bool = False,
    ) -> tuple[int, int] | None:
        """The first span of words (start, end) in which every slot is found, or None.

        `lemmas`: words match in every form (the red-flag screen); otherwise only as said
        (topics and controls, where "zit" in "de kat zit op de mat" is no question about sitting).
        `sounds`: words also match by how they sound (the red-flag screen)."""
        return next(self.spans(tokens, fuzzy, lemmas, unknown_only, sounds), None)

    def spans(
        self,
        tokens: Tokens,
        fuzzy: int | None = None,
        lemmas: bool = True,
        unknown_only: bool = False,
        sounds: bool = False,
    ) -> Iterator[tuple[int, int]]:
        """Every span of words (start, end) in which every slot is found, earliest first:
        each time the cue is said ("geen last met plassen, maar nu kan ik niet plassen" says it twice)."""
        found = [slot.positions(tokens, fuzzy, lemmas, unknown_only, sounds) for slot in self.slots]
        if not all(found):
            return
        for start in sorted({p for positions in found for p in positions}):
            chosen = []
            for positions in found:
                near = [p for p in positions if start <= p <= start + WINDOW]
                if not near:
                    break
                chosen.append(min(near))
            else:
                yield start, max(chosen)


@dataclass(frozen=True, eq=False)
class Tokens:
    """The words of an utterance, each with its position, plus neighbouring pairs joined."""

    words: tuple[str, ...]
    index: dict[str, list[int]]  # each form of each word, with where it stands
    spelled: dict[str, list[int]]  # each word only as said or written, with where it stands
    joined: dict[str, list[int]]  # 2 to PHRASE_WORDS neighbouring words as one, with where they start
    compounds: dict[str, list[int]]  # the joins that may be a long word split: no short word after the first
    sounded: dict[str, list[int]]  # how each word as said sounds, with where it stands
    # what each slot found here, by the slot and how it matched: many cues share a slot
    found: dict[tuple[int, int | None, bool, bool, bool], list[int]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def of(cls, text: str, analyser: Analyser = PLAIN) -> Tokens:
        analysed = analyser.words(text)
        words = tuple(w.text for w in analysed)
        index: dict[str, list[int]] = {}
        joined: dict[str, list[int]] = {}
        # Each distinct form is matched once, however often a long text repeats it.
        spelled: dict[str, list[int]] = {}
        sounded: dict[str, list[int]] = {}
        for i, word in enumerate(analysed):
            for form in word.forms:
                index.setdefault(form, []).append(i)
            for form in word.spelled:
                spelled.setdefault(form, []).append(i)
                sounded.setdefault(sound(form), []).append(i)
        compounds: dict[str, list[int]] = {}
        for size in range(2, PHRASE_WORDS + 1):
            for i in range(len(words) - size + 1):
                parts = words[i : i + size]
                joined.setdefault("".join(parts), []).append(i)
                # a split prefix may be short ("op staan"); a short word after it is a word
                if all(len(part) >= COMPOUND_PART for part in parts[1:]):
                    compounds.setdefault("".join(parts), []).append(i)
        # a compound split where its linking s goes: "ontsteking remmer", "gevoel stoornissen"
        for i in range(len(words) - 1):
            if not words[i].endswith("s") and len(words[i + 1]) >= COMPOUND_PART:
                compounds.setdefault(f"{words[i]}s{words[i + 1]}", []).append(i)
        return cls(words, index, spelled, joined, compounds, sounded)


def first_match(
    cues: tuple[Cue, ...],
    tokens: Tokens,
    fuzzy: int | None = None,
    lemmas: bool = True,
    unknown_only: bool = False,
    sounds: bool = False,
) -> tuple[Cue, int, int] | None:
    """The cue that matches earliest in the utterance, with its span."""
    best = None
    for cue in cues:
        span = cue.find(tokens, fuzzy, lemmas, unknown_only, sounds)
        if span and (best is None or span[0] < best[1]):
            best = (cue, *span)
    return best


def cue_heard(cue: Cue, tokens: Tokens, start: int, end: int) -> str:
    """What a cue matched, for a person to check: the cue and the words it was found in."""
    return f"cue {cue.text!r} in {' '.join(tokens.words[start : end + 1])!r}"
