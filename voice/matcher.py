"""The learned matcher: every example of the content, and the nearest of them to what was said.

Cues are precise but only as broad as their words: "hoeveel tijd heeft dat nodig om te
genezen" shares no cue of the topic on how the pain evolves, but much with its taught
example "hoe lang duurt het voor ik genezen ben". Every example in the content is a
labelled point: a topic, a red flag, a control, or a label that means "nothing from the
leaflet" (not covered, not meant for the assistant, a region named without a sign). What
was said is compared with all of them on its lemmas, pairs of lemmas and the letter
groups of its words (tf-idf, cosine). Each label then scores the sum of those
similarities, each example weighted by how much it teaches (kernel ridge regression:
weights that make every example come out as its own label, with a penalty that keeps them
from learning one by heart). A label shared by many near examples beats one odd example
that happens to be nearest. The best label wins when it scores enough. How much is enough
is learned when the content is loaded: leaving each example out in turn (which kernel
ridge gives in closed form), the threshold that gets most of them right while rarely
answering a "nothing" example (see `_calibrate`).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from importlib.metadata import version
from itertools import pairwise
from pathlib import Path
from typing import Protocol

import numpy as np
from scipy.linalg import cho_factor, cho_solve, lapack
from scipy.sparse import csr_matrix

from voice import analysis
from voice.analysis import Analyser
from voice.folding import fold

LETTERS = (3, 4, 5)  # sizes of the letter groups taken from each word
MISS_WEIGHT = 2.0  # a wrong answer costs this many right ones when choosing a threshold
LOWEST = 0.2  # never answer on a match weaker than this, whatever calibration says
WORD_FOR_WORD = 0.75  # cosine similarity of a taught example said (nearly) word for word
PENALTY = 0.2  # ridge penalty: higher learns less by heart (chosen on the taught examples, held out)
# Two examples alike in many features are more alike than their cosine says: the kernel is
# cos + SHARPEN * cos^2, a second-degree polynomial kernel in which pairs of shared features
# count too (chosen on the taught examples, held out: topics 87.6 -> 90.7 %).
SHARPEN = 3.0
FIT_BLOCK = 256  # examples whose similarities to all others are made at once when learning


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
    score: float  # cosine similarity, 0 to 1


@dataclass(frozen=True)
class Match:
    label: Label
    score: float  # the label's score: about 1 for a label taught just so
    sure: bool  # at or above its kind's learned threshold, or taught word for word
    neighbours: tuple[Neighbour, ...]  # the nearest examples, nearest first: why it decided
    scores: Mapping[Label, float] = field(default_factory=dict)  # every label's score

    def score_of(self, label: Label) -> float:
        return self.scores.get(label, 0.0)

    @property
    def word_for_word(self) -> bool:
        """Said (nearly) as a taught example of the label that won."""
        near = self.neighbours[0]
        return near.label == self.label and near.score >= WORD_FOR_WORD


@dataclass(frozen=True)
class Learned:
    """What the matcher learns from the examples; kept between runs by voice/learned_store.py."""

    features: tuple[str, ...]  # the vocabulary, in the order of the matrix's columns
    idf: np.ndarray  # each feature's inverse document frequency
    matrix: csr_matrix  # one normalised row per example
    classes: tuple[Label, ...]  # the labels taught, one score each
    weights: np.ndarray  # examples x classes: from similarities to label scores
    held_out: np.ndarray  # examples x classes: each example's scores, left out
    thresholds: dict[LabelKind, float]


class Matcher:
    def __init__(self, examples: Sequence[tuple[Label, str]], analyser: Analyser, store: Store | None = None):
        self.analyser = analyser
        self.labels = [label for label, _ in examples]
        self.texts = [text for _, text in examples]
        self.taught: dict[str, list[int]] = {}  # each example, folded, with where it stands
        for i, text in enumerate(self.texts):
            self.taught.setdefault(fold(text), []).append(i)
        key = fingerprint(examples, analyser)
        learned = store.load(key) if store else None
        if learned is None:
            learned = self._learn()
            if store:
                store.save(key, learned)
        self.vocabulary = {f: i for i, f in enumerate(learned.features)}
        self.idf = learned.idf
        self.matrix = learned.matrix
        self.classes = list(learned.classes)
        self.weights, self.held_out_scores, self.thresholds = learned.weights, learned.held_out, learned.thresholds

    def _learn(self) -> Learned:
        bags = [self._features(text) for text in self.texts]
        documents = Counter(f for bag in bags for f in bag)
        count = len(bags)
        features = tuple(sorted(documents))
        self.vocabulary = {f: i for i, f in enumerate(features)}
        self.idf = np.array([math.log((1 + count) / (1 + documents[f])) + 1 for f in features])
        matrix = self._rows(bags)
        classes = sorted(set(self.labels), key=str)
        weights, held_out = _fit(self.labels, classes, matrix)
        return Learned(
            features, self.idf, matrix, tuple(classes), weights, held_out, _calibrate(self.labels, classes, held_out)
        )

    def _features(self, text: str) -> Counter[str]:
        words = self.analyser.words(text)
        bag: Counter[str] = Counter()
        lemmas = [self.analyser.lemma(w.text) for w in words]
        for word, lemma in zip(words, lemmas, strict=True):
            bag.update(f"w:{form}" for form in word.forms)
            bag.update(_letter_groups(lemma))
        bag.update(f"b:{a}_{b}" for a, b in pairwise(lemmas))
        return bag

    def _rows(self, bags: Iterable[Counter[str]]) -> csr_matrix:
        data: list[float] = []
        columns: list[int] = []
        pointers = [0]
        for bag in bags:
            row = {
                (i := self.vocabulary[f]): (1 + math.log(n)) * float(self.idf[i])
                for f, n in bag.items()
                if f in self.vocabulary
            }
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
        labelled = _kernel(scores) @ self.weights
        own = self.taught.get(fold(text), []) if hold_out else []
        if own:
            # the example's own part taken out, as in calibration (the closed form of leaving it out)
            i = own[0]
            labelled = self.held_out_scores[i] if len(own) == 1 else labelled
            scores[own] = 0.0
        order = np.argsort(-scores)[:nearest]
        if scores[order[0]] <= 0:
            return None
        neighbours = tuple(Neighbour(self.labels[i], self.texts[i], float(scores[i])) for i in order)
        best = int(np.argmax(labelled))
        label, score = self.classes[best], float(labelled[best])
        # a label taught (nearly) word for word is sure, however many other examples share the words
        said = neighbours[0].label == label and neighbours[0].score >= WORD_FOR_WORD
        return Match(
            label,
            score,
            score >= self.thresholds[label.kind] or said,
            neighbours,
            dict(zip(self.classes, labelled.tolist(), strict=True)),
        )


class Store(Protocol):
    """Where what was learned is kept between runs, by the fingerprint of what it was learned from."""

    def load(self, key: str) -> Learned | None: ...

    def save(self, key: str, learned: Learned) -> None: ...


def fingerprint(examples: Sequence[tuple[Label, str]], analyser: Analyser) -> str:
    """Everything what is learned depends on: the examples, the analyser's forms, this
    module's and the analyser's code, and the lemmatiser's version."""
    digest = hashlib.sha256()
    for label, text in examples:
        digest.update(f"{label}\t{text}\n".encode())
    digest.update(repr((sorted(analyser.spoken.items()), sorted(analyser.lemmas.items()))).encode())
    for module in (__file__, analysis.__file__):
        digest.update(Path(module).read_bytes())
    digest.update(version("simplemma").encode())
    return digest.hexdigest()


def _kernel(cosines: np.ndarray) -> np.ndarray:
    return cosines + SHARPEN * cosines * cosines


@lru_cache(maxsize=50_000)
def _letter_groups(word: str) -> tuple[str, ...]:
    """The groups of LETTERS letters in a word, its start and end marked: "<been>" has "<be", "een>"."""
    padded = f"<{word}>"
    return tuple(f"c:{padded[i : i + size]}" for size in LETTERS for i in range(max(1, len(padded) - size + 1)))


def _fit(labels: list[Label], classes: list[Label], matrix: csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Kernel ridge regression on the examples' similarities: the weights that turn an
    utterance's similarities into a score per label, and each example's label scores as
    if it had not been taught."""
    count = len(labels)
    if not count:
        return np.zeros((0, len(classes)), dtype=np.float32), np.zeros((0, len(classes)), dtype=np.float32)
    # One examples x examples matrix, made a block at a time and factored and inverted in
    # place (Fortran order, as LAPACK works): made whole, with its copies, the first start
    # after a change of the content took 1.8 GB (9421 examples); this way 0.5 GB, the same bits.
    similar = np.empty((count, count), dtype=np.float32, order="F")
    transposed = matrix.T.tocsc()
    for start in range(0, count, FIT_BLOCK):
        block = (matrix[start : start + FIT_BLOCK] @ transposed).toarray().astype(np.float32)
        similar[:, start : start + FIT_BLOCK] = _kernel(block).T  # symmetric: its rows are its columns
    targets = np.zeros((count, len(classes)), dtype=np.float32)
    column = {label: j for j, label in enumerate(classes)}
    targets[np.arange(count), [column[label] for label in labels]] = 1.0
    similar[np.diag_indices(count)] += PENALTY
    factor = cho_factor(similar, lower=True, overwrite_a=True, check_finite=False)
    weights = cho_solve(factor, targets, check_finite=False)
    inverse, _ = lapack.spotri(factor[0], lower=1, overwrite_c=1)
    own_share = 1.0 - PENALTY * np.diag(inverse)  # each example's weight on itself
    fitted = targets - PENALTY * weights
    held_out = (fitted - own_share[:, None] * targets) / (1.0 - own_share)[:, None]
    return weights, held_out


def _calibrate(labels: list[Label], classes: list[Label], held_out: np.ndarray) -> dict[LabelKind, float]:
    """Per kind of label that gives an answer (topic, red flag, control): the lowest score
    at which, each example left out in turn, taking the best label gets more right than
    MISS_WEIGHT times what it gets wrong. The kinds that answer nothing from the leaflet
    take the topics' threshold."""
    best = held_out.argmax(axis=1)
    scores = held_out[np.arange(len(labels)), best]
    found = [classes[j] for j in best]
    thresholds = {kind: 1.0 for kind in LabelKind}
    for kind in (LabelKind.TOPIC, LabelKind.RED_FLAG, LabelKind.CONTROL):
        claimed = np.array(
            [(score, own == got) for own, got, score in zip(labels, found, scores, strict=True) if got.kind is kind]
        )
        thresholds[kind] = _threshold(claimed)
    # "nothing from the leaflet" is as sure as a topic would be at the same score
    for kind in (LabelKind.NOT_COVERED, LabelKind.NOT_FOR_ME, LabelKind.NO_SIGN):
        thresholds[kind] = thresholds[LabelKind.TOPIC]
    return thresholds


def _threshold(claimed: np.ndarray) -> float:
    """The lowest score above which the claims right outweigh MISS_WEIGHT times those wrong
    (`claimed`: rows of score and whether the claim was right)."""
    if not len(claimed):
        return 1.0
    candidates = np.arange(LOWEST, 0.9, 0.01)
    above = claimed[:, 0][None, :] >= candidates[:, None]
    right = (above & (claimed[:, 1] == 1)[None, :]).sum(axis=1)
    wrong = (above & (claimed[:, 1] == 0)[None, :]).sum(axis=1)
    gain = right - MISS_WEIGHT * wrong
    return float(candidates[int(np.argmax(gain))]) if gain.max() > 0 else 1.0
