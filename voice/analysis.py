"""The Dutch analyser: each word of an utterance in every form a cue or a matcher may know it by.

Patients say "geplast", "mijn voete", "een pilleke", "krachtverlies", "da lukt nie";
the content is written "plassen", "voet", "pil", "kracht", "dat lukt niet". Rather than
list every form in every cue, each word is given:
- its standard form, for spoken and Flemish forms listed in voice/nl.toml ("nie" -> "niet");
- its lemma, from simplemma's Dutch data (geplast -> plassen, pilleke -> pil);
- with a Flemish dropped final n restored ("voete" -> "voeten" -> "voet");
- for a Flemish diminutive Dutch does not know, the word it is made from ("benekes" -> "been",
  "billekes" -> "bil", "rugske" -> "rug", "knieke" -> "knie");
- for a compound Dutch does not know as a word, its two parts when both are Dutch words
  ("krachtverlies" -> "kracht", "verlies"; "beenzwakte" -> "been", "zwakte").
The same analyser serves utterances, every alternative a recogniser heard, and cue words.

Each word also has a sound key (`sound`): how it is pronounced rather than spelled, so that
the red-flag screen hears "ereksie" as "erectie" and "sjiatika" as "sciatica", however a
patient or a recogniser spells a word it does not know.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import simplemma

from voice.folding import fold

LANGUAGE = "nl"
PART_MIN = 3  # the shortest head of a compound ("rug", "bed")
TAIL_MIN = 4  # the shortest tail ("pijn", "rust"): shorter tails are mostly endings
LINKS = ("", "s", "e", "en")  # linking letters between the parts of a compound


@lru_cache(maxsize=100_000)
def lemma(word: str) -> str:
    """The dictionary form of a folded word, or the word itself where Dutch does not know it."""
    return simplemma.lemmatize(word, lang=LANGUAGE, low_memory=True).casefold() if word.isalpha() else word


def warm() -> None:
    """Loads the lemmatiser's dictionary now (about half a second), at start rather than
    on the patient's first question."""
    lemma("benen")


@lru_cache(maxsize=100_000)
def known(word: str) -> bool:
    return word.isalpha() and simplemma.is_known(word, lang=LANGUAGE, low_memory=True)


# Flemish diminutive endings, longest first. After "-eke(s)" a doubled consonant shows a short
# vowel ("billeke": bil) and a single one a long vowel spelt single ("beneke": been).
_DIMINUTIVE = ("ekes", "eke", "skes", "ske", "tjes", "tje", "kes", "ke", "jes", "je")
_SHORT_VOWEL = re.compile(r"(?<=[^aeiou])([aeou])(?=[^aeiou]$)")


@lru_cache(maxsize=100_000)
def diminutive_base(word: str) -> str | None:
    """The word a diminutive Dutch does not know is made from, where that is a Dutch word."""
    if known(word):
        return None
    for ending in _DIMINUTIVE:
        stem = word[: -len(ending)]
        if not word.endswith(ending) or len(stem) < PART_MIN:
            continue
        tries = [stem]
        if ending.startswith("eke"):
            doubled = len(stem) > PART_MIN and stem[-1] == stem[-2] and stem[-1] not in "aeiou"
            tries = [stem[:-1], stem] if doubled else [_SHORT_VOWEL.sub(r"\1\1", stem), stem]
        for base in tries:
            if len(base) >= PART_MIN and known(base):
                return base
    return None


@lru_cache(maxsize=100_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """The parts of a compound Dutch does not know as one word, where both are Dutch words."""
    if known(word) or len(word) < PART_MIN + TAIL_MIN:
        return ()
    parts: list[str] = []
    for cut in range(PART_MIN, len(word) - TAIL_MIN + 1):
        head, tail = word[:cut], word[cut:]
        if not known(tail):
            continue
        for link in LINKS:
            if link and not head.endswith(link):
                continue
            stem = head[: len(head) - len(link)] if link else head
            if len(stem) >= PART_MIN and known(stem):
                parts += [stem, tail]
                break
    return tuple(dict.fromkeys(parts))


# Dutch spelling to sound, in order: each pair is (pattern, what it sounds as).
_SOUNDS = tuple(
    (re.compile(pattern), sound)
    for pattern, sound in (
        (r"sch$", "s"),
        (r"sch", "sg"),
        (r"ch|gh", "g"),
        (r"ph", "f"),
        (r"th", "t"),
        (r"qu", "kw"),
        (r"ck", "k"),
        (r"c(?=[eiy])", "s"),
        (r"c", "k"),
        (r"x", "ks"),
        (r"ties?$", "sie"),  # erectie, infectie: the t is said as s
        (r"ij|y", "ei"),
        (r"au", "ou"),
        (r"dt$|d$", "t"),
        (r"sj", "s"),
        (r"z", "s"),
        (r"v", "f"),
        (r"(.)\1", r"\1"),  # a doubled letter is said once
    )
)


@lru_cache(maxsize=100_000)
def sound(word: str) -> str:
    """How a folded word sounds, roughly: words that sound alike get the same key."""
    for pattern, replacement in _SOUNDS:
        word = pattern.sub(replacement, word)
    return word


@dataclass(frozen=True)
class Word:
    text: str  # the standard form: what phrases and joined words are made of
    forms: frozenset[str]  # every form it is matched by, the word as heard among them
    spelled: frozenset[str]  # only as said or written: heard, standard, a dropped n restored


class Analyser:
    """Turns text into Words.

    `spoken` maps spoken forms (one or two words) to standard ones ("nie" -> "niet",
    "m n" -> "mijn"); `lemmas` overrides the dictionary where it would mislead: Flemish
    "poep" is the buttocks, not a form of "poepen"."""

    def __init__(self, spoken: Mapping[str, str] | None = None, lemmas: Mapping[str, str] | None = None):
        self.spoken = dict(spoken or {})
        self.lemmas = dict(lemmas or {})
        self._forms: dict[str, frozenset[str]] = {}

    def lemma(self, word: str) -> str:
        return self.lemmas.get(word) or lemma(word)

    def spelled(self, word: str) -> set[str]:
        """The word as written, and with a Flemish dropped final n restored ("werke")."""
        return {word, word + "n"} if word.endswith("e") and not known(word) and known(word + "n") else {word}

    def forms(self, word: str) -> frozenset[str]:
        """Every form of one folded word: itself, its lemma, a dropped final n restored, its parts."""
        found = self._forms.get(word)
        if found is None:
            forms = self.spelled(word) | {self.lemma(w) for w in self.spelled(word)}
            base = diminutive_base(word) if word not in self.lemmas else None
            if base:
                forms |= {base, self.lemma(base)}
            if word not in self.lemmas:
                for part in compound_parts(word):
                    forms |= {part, self.lemma(part)}
            found = self._forms[word] = frozenset(f for f in forms if f)
        return found

    def words(self, text: str) -> tuple[Word, ...]:
        heard = fold(text).split()
        result: list[Word] = []
        i = 0
        while i < len(heard):
            pair = " ".join(heard[i : i + 2])
            if i + 1 < len(heard) and pair in self.spoken:
                said, standard, i = pair, self.spoken[pair], i + 2
            else:
                said, i = heard[i], i + 1
                standard = self.spoken.get(said, said)
            heard_as = {said} if said != standard else set()
            for part in standard.split():
                result.append(Word(part, self.forms(part) | heard_as, frozenset(self.spelled(part) | heard_as)))
        return tuple(result)


PLAIN = Analyser()  # no spoken forms: for text that is written, not said
