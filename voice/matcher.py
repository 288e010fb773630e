"""The learned matcher: every example of the content, and the nearest of them to what was said.

Cues are precise but only as broad as their words: "hoeveel tijd heeft dat nodig om te
genezen" shares no cue of the topic on how the pain evolves, but much with its taught
example "hoe lang duurt het voor ik genezen ben". Every example in the content is a
labelled point: a topic, a red flag, a control, or a label that means "nothing from the
leaflet" (not covered, not meant for the assistant, a region named without a sign). What
was said is compared with all of them on its lemmas, pairs of lemmas and the letter
groups of its words (tf-idf, cosine), and the label of the nearest example wins when it is
near enough. How near is enough is learned when the content is loaded: leaving each
example out in turn, the threshold that gets most of them right while rarely answering a
"nothing" example (see `_calibrate`).
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

import numpy as np
from scipy.sparse import csr_matrix

from voice.analysis import Analyser
from voice.folding import fold

LETTERS = (3, 4, 5)      # sizes of the letter groups taken from each word
MISS_WEIGHT = 2.0        # a wrong answer costs this many right ones when choosing a threshold
LOWEST = 0.2             # never answer on a match weaker than this, whatever calibration says


class LabelKind(Enum):
    TOPIC = "topic"
    RED_FLAG = "red_flag"
    CONTROL = "control"
    NOT_COVERED = "not_covered"
    NOT_FOR_ME = "not_for_me"
    NO_SIGN = "no_sign"


@dataclass(frozen=True)
class Label:
    kind: LabelKind
    id: str = ""

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.id}" if self.id else self.kind.value


@dataclass(frozen=True)
class Neighbour:
    label: Label
    example: str
    score: float          # cosine similarity, 0 to 1


@dataclass(frozen=True)
class Match:
    label: Label
    score: float
    sure: bool                         # at or above the label kind's learned threshold
    neighbours: tuple[Neighbour, ...]  # the nearest examples, nearest first: why it decided


class Matcher:
    def __init__(self, examples: Sequence[tuple[Label, str]], analyser: Analyser):
        self.analyser = analyser
        self.labels = [label for label, _ in examples]
        self.texts = [text for _, text in examples]
        self.taught: dict[str, list[int]] = {}   # each example, folded, with where it stands
        for i, text in enumerate(self.texts):
            self.taught.setdefault(fold(text), []).append(i)
        bags = [self._features(text) for text in self.texts]
        documents = Counter(f for bag in bags for f in bag)
        count = len(bags)
        self.vocabulary = {f: i for i, f in enumerate(sorted(documents))}
        self.idf = {f: math.log((1 + count) / (1 + n)) + 1 for f, n in documents.items()}
        self.matrix = self._rows(bags)
        self.thresholds = _calibrate(self.labels, self.matrix)

    def _features(self, text: str) -> Counter[str]:
        words = self.analyser.words(text)
        bag: Counter[str] = Counter()
        lemmas = [self.analyser.lemma(w.text) for w in words]
        for word, lemma in zip(words, lemmas):
            bag.update(f"w:{form}" for form in word.forms)
            bag.update(_letter_groups(lemma))
        bag.update(f"b:{a}_{b}" for a, b in zip(lemmas, lemmas[1:]))
        return bag

    def _rows(self, bags: Iterable[Counter[str]]) -> csr_matrix:
        data, columns, pointers = [], [], [0]
        for bag in bags:
            row = {self.vocabulary[f]: (1 + math.log(n)) * self.idf[f] for f, n in bag.items() if f in self.vocabulary}
            norm = math.sqrt(sum(v * v for v in row.values())) or 1.0
            columns += row.keys()
            data += [v / norm for v in row.values()]
            pointers.append(len(columns))
        return csr_matrix((data, columns, pointers), shape=(len(pointers) - 1, len(self.vocabulary)))

    def match(self, text: str, nearest: int = 3, hold_out: bool = False) -> Match | None:
        """The label of the nearest example, with the nearest examples; None if nothing is alike.

        `hold_out`: as if the text itself were not taught (to see whether an example is
        understood, or only learned by heart)."""
        if not self.texts:
            return None
        scores = (self.matrix @ self._rows([self._features(text)]).T).toarray().ravel()
        if hold_out:
            scores[self.taught.get(fold(text), [])] = 0.0
        order = np.argsort(-scores)[:nearest]
        if scores[order[0]] <= 0:
            return None
        neighbours = tuple(Neighbour(self.labels[i], self.texts[i], float(scores[i])) for i in order)
        best = neighbours[0]
        return Match(best.label, best.score, best.score >= self.thresholds[best.label.kind], neighbours)


@lru_cache(maxsize=50_000)
def _letter_groups(word: str) -> tuple[str, ...]:
    """The groups of LETTERS letters in a word, its start and end marked: "<been>" has "<be", "een>"."""
    padded = f"<{word}>"
    return tuple(f"c:{padded[i:i + size]}" for size in LETTERS for i in range(max(1, len(padded) - size + 1)))


def _calibrate(labels: list[Label], matrix: csr_matrix) -> dict[LabelKind, float]:
    """Per kind of label that gives an answer (topic, red flag, control): the lowest
    similarity at which, each example left out in turn, taking the nearest other example's
    label gets more right than MISS_WEIGHT times what it gets wrong. The kinds that answer
    nothing from the leaflet take the topics' threshold."""
    similar = (matrix @ matrix.T).toarray()
    np.fill_diagonal(similar, -1.0)
    nearest = similar.argmax(axis=1)
    best = similar[np.arange(len(labels)), nearest]
    found = [labels[i] for i in nearest]
    thresholds = {kind: 1.0 for kind in LabelKind}
    for kind in (LabelKind.TOPIC, LabelKind.RED_FLAG, LabelKind.CONTROL):
        claimed = [(score, own == got) for own, got, score in zip(labels, found, best) if got.kind is kind]
        choice, gain = 1.0, 0.0
        for threshold in np.arange(LOWEST, 0.9, 0.01):
            right = sum(1 for score, ok in claimed if ok and score >= threshold)
            wrong = sum(1 for score, ok in claimed if not ok and score >= threshold)
            if right - MISS_WEIGHT * wrong > gain:
                choice, gain = float(threshold), right - MISS_WEIGHT * wrong
        thresholds[kind] = choice
    # "nothing from the leaflet" is as sure as a topic would be at the same nearness
    for kind in (LabelKind.NOT_COVERED, LabelKind.NOT_FOR_ME, LabelKind.NO_SIGN):
        thresholds[kind] = thresholds[LabelKind.TOPIC]
    return thresholds
