"""faster-whisper (Whisper base, multilingual) as a Dutch recogniser, biased toward the leaflet.

Each utterance is read three ways. Free transcription, prompted with the leaflet's words,
gives the n best hypotheses. The content phrases closest to that are scored against the
audio itself (the probability Whisper gives each phrase's tokens, teacher-forced), since a
free pass can write "lassen" for "ik kan niet meer plassen". And Whisper reads it again told
what to expect (example sentences: the warning signs', the signs in the words patients name
them with, then two questions per topic), since a sign can be misheard as a whole
("Equalismen buringen" for "ik verlies mijn urine"), a body word as a common one ("Mijn kraus
is helemaal doof" for "mijn kruis ..."), and a question lost in babble ("Dat mag ik lang eens
eten" for "mag ik lang zitten"). Which of these
readings are made and offered is decided by `voice.speech_in.reading_policy`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import ctranslate2
import numpy as np
from faster_whisper import WhisperModel
from faster_whisper.audio import pad_or_trim
from faster_whisper.tokenizer import Tokenizer
from rapidfuzz import fuzz, process

from voice.folding import letters
from voice.hearing import Heard, Transcript
from voice.speech_in.audio_files import RATE
from voice.speech_in.reading_policy import (
    Prompted,
    Readings,
    Rule,
    Scored,
    Scores,
    expectations,
    short_enough,
    worth_reading,
)
from voice.speech_in.recogniser import Final, Partial, Wanted, always
from voice.vocabulary import Expected

LANGUAGE = "nl"
WINDOW_SECONDS = 30  # Whisper hears at most 30 s at a time; a question is much shorter
# The encoder is given the utterance and a margin, not all 30 s: its time grows with the
# window (measured on one dev file: 0.50 s at 30 s, 0.06 s at 10 s, same words). Below a floor
# the decoder does not stop where the words end but says them again (measured: at 6 s
# "Ik kan niet meer gelassen." three or four times; at 10 s two of 112 dev recordings said
# twice), and the readings the red-flag screen sees shift: at 12 s one real out-of-domain
# recording of 60 ("nee ben je boos en oud") read as "zenuwpijn" and raised a warning, at 16 s
# none did (dev/real_ood manifests; see the commit messages).
FLOOR_SECONDS = 16.0
MARGIN_SECONDS = 1.0  # after the last word, so that the end of the words is heard
MIN_SECONDS = 0.2
SILENCE_RMS = 1e-3  # below this the input is silence, whatever Whisper would make of it
NO_SPEECH = 0.6  # Whisper's own no-speech probability above which nothing was said
CANDIDATES = 8  # content phrases scored per utterance (about 0.1 s each on two cores)
# Phrases scored at once: the decoder's output for each is a row of 51865 probabilities per
# token, so nine at once took about 230 MB above the model, three at a time about 120 MB.
SCORE_BATCH = 3
PROMPT_TOKENS = 223  # at most half of Whisper's context (448 tokens), as faster-whisper allows
NEW_TOKENS = 110  # what a transcription may add to its prompt (a question takes under 40)
# A decoder that cannot make out the words may say one over and over ("Ha-ha-ha-ha-..." for
# "haha het vogeltje wil niet meer opstaan", in espeak's slow nl voice) and so lose every word
# after it. Whisper's own test for that: the text compresses more than 2.4 to 1. Such a
# reading is made again with no three tokens repeated.
LOOPED = 2.4
NO_REPEAT = 3


@dataclass(frozen=True)
class Expecting:
    """A prompt that makes Whisper expect one set of sentences, and the rule its readings must pass."""

    prompt: list[int]
    rule: Rule


class WhisperRecogniser:
    name = "whisper"

    def __init__(
        self,
        model: Path,
        phrases: Sequence[str] = (),
        hint: str = "",
        threads: int = 2,
        beams: int = 5,
        alternatives: int = 3,
        expected: Expected | None = None,
    ):
        self.model = WhisperModel(str(model), device="cpu", compute_type="int8", cpu_threads=threads)
        _give_back_memory()  # the float16 weights read in to be converted to int8
        self.tokenizer = Tokenizer(self.model.hf_tokenizer, True, task="transcribe", language=LANGUAGE)
        self.prompt = [*self.tokenizer.sot_sequence, self.tokenizer.no_timestamps]
        # The hint goes where Whisper expects the previous text: it favours those words.
        hinted = [self.tokenizer.sot_prev, *self.tokenizer.encode(" " + hint.strip())] if hint.strip() else []
        self.free_prompt = hinted + self.prompt
        self.expecting = [
            Expecting(prompt, rule)
            for sentences, rule in expectations(expected)
            if (prompt := self._expecting(sentences))
        ]
        self.suppress = sorted(
            {
                *self.tokenizer.non_speech_tokens,
                self.tokenizer.transcribe,
                self.tokenizer.translate,
                self.tokenizer.sot,
                self.tokenizer.sot_prev,
                self.tokenizer.sot_lm,
                self.tokenizer.no_speech,
            }
        )
        self.phrases = list(dict.fromkeys(phrases))
        self.phrase_letters = [letters(phrase) for phrase in self.phrases]
        self.beams, self.alternatives = beams, alternatives
        self._lock = threading.Lock()  # one utterance at a time: CTranslate2 uses both cores
        self._last_encoded: tuple[object, tuple[int, ctranslate2.StorageView] | None] = (None, None)

    def stream(self) -> WhisperStream:
        return WhisperStream(self)

    def recognise(self, samples: np.ndarray, wanted: Wanted = always) -> Heard:
        return self.read(samples, needed_only=True, wanted=wanted).heard()

    def read(self, samples: np.ndarray, needed_only: bool = False, wanted: Wanted = always) -> Readings:
        """Every reading of one utterance, before the reading policy chooses what is offered
        (`recognise` offers what it chooses; the benchmarks calibrate its rules on these).
        `needed_only`: not the readings told what to expect that the policy finds needless.
        Between its passes (each a few tenths of a second) a reading no longer `wanted` stops."""
        samples = _window(samples)
        if _silent(samples):
            return Readings()
        with self._lock:
            try:
                return self._readings(samples, needed_only, wanted)
            finally:
                _give_back_memory()  # also of a reading dropped halfway

    def _readings(self, samples: np.ndarray, needed_only: bool, wanted: Wanted) -> Readings:
        frames, encoded = self._encode(samples)
        if not wanted():
            return Readings()
        free = self._transcribe(encoded, self.free_prompt, self.beams, self.alternatives)
        if not free:
            return Readings()
        best = free[0].text
        phrases = [p for p in self._closest(best) if short_enough(p, best)]
        if phrases and not wanted():
            return Readings()
        scores = self._score(encoded, frames, best, phrases) if phrases else None
        prompted = []
        for e in self.expecting:
            if not needed_only or worth_reading(e.rule, free[0], self.phrase_letters):
                if not wanted():
                    return Readings()
                prompted.append(
                    Prompted(e.rule, tuple(self._transcribe(encoded, e.prompt, self.beams, self.alternatives)))
                )
        return Readings(tuple(free), scores, tuple(prompted))

    def score(self, samples: np.ndarray, heard: str, phrases: Sequence[str]) -> Scores:
        """Each phrase scored against the audio as the candidates are, with `heard` (what was
        transcribed) as the reference: how far below what was heard any phrase scores."""
        samples = _window(samples)
        with self._lock:
            frames, encoded = self._encode(samples)
            return self._score(encoded, frames, heard, phrases)

    def quick(self, samples: np.ndarray) -> Heard:
        """One greedy transcription, no candidates: fast enough to act on "stop" while speaking.

        The audio's encoding is kept, so a full `recognise` of the same samples after it
        costs only the decoding."""
        samples = _window(samples)
        if _silent(samples):
            return Heard(())
        with self._lock:
            try:
                _, encoded = self._encode(samples)
                return Heard(tuple(self._transcribe(encoded, self.free_prompt, 1, 1)))
            finally:
                _give_back_memory()

    def _expecting(self, sentences: Sequence[str]) -> list[int]:
        """A prompt that makes Whisper expect these sentences (as many whole ones as fit)."""
        ids: list[int] = []
        for sentence in sentences:
            mark = "" if sentence.rstrip()[-1:] in (".", "?", "!") else "."
            more = self.tokenizer.encode(" " + sentence[:1].upper() + sentence[1:].rstrip() + mark)
            if len(ids) + len(more) > PROMPT_TOKENS:
                break
            ids += more
        return [self.tokenizer.sot_prev, *ids] + self.prompt if ids else []

    def _encode(self, samples: np.ndarray) -> tuple[int, ctranslate2.StorageView]:
        """The utterance's mel frames (as many as were encoded) and the encoder's output for a
        window sized to it (`window_frames`)."""
        key = (len(samples), hash(samples.tobytes()))
        last_key, encoded = self._last_encoded
        if last_key != key or encoded is None:
            features = self.model.feature_extractor(samples)
            frames = features.shape[-1]
            window = window_frames(frames, RATE // self.model.feature_extractor.hop_length)
            # Zero features, as faster-whisper pads: padding with silence in the audio instead
            # made the readings differ enough to raise a warning for "mooi duurzaam meubilair
            # is niet lelijk" (real out-of-domain speech), even at a 20 s window.
            encoded = (min(frames, window), self.model.encode(pad_or_trim(features, window)))
            self._last_encoded = (key, encoded)
        return encoded

    def _transcribe(
        self, encoded: ctranslate2.StorageView, prompt: list[int], beams: int, hypotheses: int
    ) -> list[Transcript]:
        found = self._decode(encoded, prompt, beams, hypotheses)
        if found and _looped(found[0].text):
            return self._decode(encoded, prompt, beams, hypotheses, NO_REPEAT)
        return found

    def _decode(
        self, encoded: ctranslate2.StorageView, prompt: list[int], beams: int, hypotheses: int, no_repeat: int = 0
    ) -> list[Transcript]:
        result = self.model.model.generate(
            encoded,
            [prompt],
            beam_size=beams,
            num_hypotheses=hypotheses,
            return_scores=True,
            return_no_speech_prob=True,
            suppress_blank=True,
            suppress_tokens=self.suppress,
            max_length=len(prompt) + NEW_TOKENS,
            no_repeat_ngram_size=no_repeat,
        )[0]
        if result.no_speech_prob > NO_SPEECH:
            return []
        found: list[Transcript] = []
        for ids, score in zip(result.sequences_ids, result.scores, strict=True):
            text = self.tokenizer.decode([t for t in ids if t < self.tokenizer.eot]).strip()
            if text and text not in (h.text for h in found):
                found.append(Transcript(text, float(np.exp(score))))
        return found

    def _score(self, encoded: ctranslate2.StorageView, frames: int, heard: str, phrases: Sequence[str]) -> Scores:
        # Written as Whisper writes (capital, closing mark), so style does not count against them.
        mark = heard[-1] if heard[-1] in ".?!" else "."
        texts = [heard] + [phrase[:1].upper() + phrase[1:] + mark for phrase in phrases]
        likelihoods = self._likelihoods(encoded, frames, texts)
        scored = (Scored(phrase, score) for phrase, score in zip(phrases, likelihoods[1:], strict=True))
        return Scores(likelihoods[0], tuple(scored))

    def _closest(self, heard: str) -> list[str]:
        """The content phrases nearest to what was heard, by words and by sound-alike letters."""
        folded = heard.lower()
        by_words = process.extract(folded, self.phrases, scorer=fuzz.token_sort_ratio, limit=CANDIDATES // 2)
        squashed = "".join(folded.split())
        by_letters = process.extract(
            squashed,
            self.phrases,
            scorer=fuzz.ratio,
            limit=CANDIDATES,
            processor=lambda text: "".join(text.lower().split()),
        )
        chosen = [p for p, _, _ in by_words] + [p for p, _, _ in by_letters]
        return list(dict.fromkeys(chosen))[:CANDIDATES]

    def _likelihoods(self, encoded: ctranslate2.StorageView, frames: int, texts: list[str]) -> list[float]:
        """Mean log-probability of each text's tokens (teacher-forced), given the audio."""
        tokens = [self.tokenizer.encode(" " + text.strip()) + [self.tokenizer.eot] for text in texts]
        found: list[float] = []
        for start in range(0, len(tokens), SCORE_BATCH):
            chunk = tokens[start : start + SCORE_BATCH]
            batch = ctranslate2.StorageView.from_array(np.repeat(np.asarray(encoded), len(chunk), axis=0))
            results = self.model.model.align(batch, self.prompt, chunk, [frames // 2] * len(chunk))
            found += [float(np.mean(np.log(np.maximum(r.text_token_probs, 1e-10)))) for r in results]
        return found


def window_frames(frames: int, per_second: int) -> int:
    """How many mel frames the encoder hears for an utterance of `frames`: the utterance and
    MARGIN_SECONDS, at least FLOOR_SECONDS, at most WINDOW_SECONDS; even, as the encoder
    halves them."""
    wanted = max(frames + MARGIN_SECONDS * per_second, FLOOR_SECONDS * per_second)
    window = int(np.ceil(min(wanted, WINDOW_SECONDS * per_second)))
    return window + window % 2


def _window(samples: np.ndarray) -> np.ndarray:
    """As much of the utterance as Whisper hears at once, as float32."""
    return np.asarray(samples, dtype=np.float32)[: WINDOW_SECONDS * RATE]


def _give_back_memory() -> None:
    """Returns the memory CTranslate2 freed to the system. glibc keeps freed blocks for
    reuse, and the buffers of one utterance's passes, scattered over the heaps of both
    cores' threads, kept about 150 MB from the system between utterances (measured with
    /proc/self/status). Elsewhere than glibc this does nothing."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _glibc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


_LIBC = _glibc()


def _looped(text: str) -> bool:
    """Whether a transcription says the same thing over and over (see LOOPED)."""
    data = text.encode()
    return len(data) > len(zlib.compress(data)) * LOOPED


def _silent(samples: np.ndarray) -> bool:
    """Too short or too quiet to be speech, whatever Whisper would make of it."""
    return len(samples) < MIN_SECONDS * RATE or float(np.sqrt(np.mean(np.square(samples)))) < SILENCE_RMS


class WhisperStream:
    """Whisper is not a streaming recogniser: it collects the utterance and hears it at the end."""

    def __init__(self, recogniser: WhisperRecogniser):
        self.recogniser = recogniser
        self.samples: list[np.ndarray] = []

    def accept(self, samples: np.ndarray) -> Partial | Final | None:
        self.samples.append(np.asarray(samples, dtype=np.float32))
        return None

    def finish(self) -> Final:
        samples = np.concatenate(self.samples) if self.samples else np.zeros(0, np.float32)
        self.samples = []
        return Final(self.recogniser.recognise(samples))
