"""faster-whisper (Whisper base, multilingual) as a Dutch recogniser, biased toward the leaflet.

Free transcription, prompted with the leaflet's words, gives the n best hypotheses.
Then the phrases the content expects (the closest few to what was heard) are scored
against the audio itself: the probability Whisper gives each candidate's tokens,
teacher-forced. A candidate nearly as likely as the free transcription, and alike in
letters, is added as an alternative (the more alike, the less likely it may be), so
that the red-flag screen hears "ik kan niet meer plassen" where the free pass wrote
"lassen"; speech that matches no candidate gets none.

Last, the utterance is read again by Whisper told what to expect (prompted with example
sentences: the warning signs', then two questions per topic), so that a sign misheard as a
whole ("Equalismen buringen" for "ik verlies mijn urine") is heard too, and a question lost
in babble ("Dat mag ik lang eens eten" for "mag ik lang zitten"); see `_expected_readings`.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
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
from voice.speech_in.recogniser import Final, Partial
from voice.vocabulary import Expected

LANGUAGE = "nl"
WINDOW_SECONDS = 30  # Whisper hears 30 s at a time; a question is much shorter
MIN_SECONDS = 0.2
SILENCE_RMS = 1e-3  # below this the input is silence, whatever Whisper would make of it
NO_SPEECH = 0.6  # Whisper's own no-speech probability above which nothing was said
CANDIDATES = 8  # content phrases scored per utterance (about 0.1 s each on two cores)
MARGIN = 1.0  # how much less likely (mean log-probability) a candidate may be ...
CLOSENESS = 60  # ... when it is this alike in letters (0-100) to what was heard, the least;
SLACK_PER_POINT = 1 / 20  # every point more alike allows this much less likely
# A candidate stands for what was heard, it does not add to it: one with many more letters
# ("het schiet in mijn been mag ik een ontstekingsremmer nemen" for "mag ik een
# ontstekingsremmer nemen") would put words in the patient's mouth.
LONGER = 1.25
PROMPT_TOKENS = 223  # at most half of Whisper's context (448 tokens), as faster-whisper allows
NEW_TOKENS = 110  # what a transcription may add to its prompt (a question takes under 40)


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
        self.tokenizer = Tokenizer(self.model.hf_tokenizer, True, task="transcribe", language=LANGUAGE)
        self.prompt = [*self.tokenizer.sot_sequence, self.tokenizer.no_timestamps]
        # The hint goes where Whisper expects the previous text: it favours those words.
        hinted = [self.tokenizer.sot_prev, *self.tokenizer.encode(" " + hint.strip())] if hint.strip() else []
        self.free_prompt = hinted + self.prompt
        self.expecting = [
            Expecting(prompt, rule)
            for sentences, rule in _expectations(expected)
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
        self.beams, self.alternatives = beams, alternatives
        self._lock = threading.Lock()  # one utterance at a time: CTranslate2 uses both cores
        self._last_encoded: tuple[object, tuple[int, ctranslate2.StorageView] | None] = (None, None)

    def stream(self) -> WhisperStream:
        return WhisperStream(self)

    def recognise(self, samples: np.ndarray) -> Heard:
        samples = np.asarray(samples, dtype=np.float32)[: WINDOW_SECONDS * RATE]
        if len(samples) < MIN_SECONDS * RATE or float(np.sqrt(np.mean(np.square(samples)))) < SILENCE_RMS:
            return Heard(())
        with self._lock:
            frames, encoded = self._encode(samples)
            hypotheses = self._transcribe(encoded, self.free_prompt, self.beams, self.alternatives)
            if not hypotheses:
                return Heard(())
            heard = tuple(hypotheses) + self._candidates(encoded, frames, hypotheses)
            return Heard(heard + self._expected_readings(encoded, heard))

    def quick(self, samples: np.ndarray) -> Heard:
        """One greedy transcription, no candidates: fast enough to act on "stop" while speaking.

        The audio's encoding is kept, so a full `recognise` of the same samples after it
        costs only the decoding."""
        samples = np.asarray(samples, dtype=np.float32)[: WINDOW_SECONDS * RATE]
        if len(samples) < MIN_SECONDS * RATE or float(np.sqrt(np.mean(np.square(samples)))) < SILENCE_RMS:
            return Heard(())
        with self._lock:
            _, encoded = self._encode(samples)
            return Heard(tuple(self._transcribe(encoded, self.free_prompt, 1, 1)))

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
        key = (len(samples), hash(samples.tobytes()))
        last_key, encoded = self._last_encoded
        if last_key != key or encoded is None:
            features = self.model.feature_extractor(samples)
            encoded = (features.shape[-1], self.model.encode(pad_or_trim(features)))
            self._last_encoded = (key, encoded)
        return encoded

    def _transcribe(
        self, encoded: ctranslate2.StorageView, prompt: list[int], beams: int, hypotheses: int
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
        )[0]
        if result.no_speech_prob > NO_SPEECH:
            return []
        found: list[Transcript] = []
        for ids, score in zip(result.sequences_ids, result.scores, strict=True):
            text = self.tokenizer.decode([t for t in ids if t < self.tokenizer.eot]).strip()
            if text and text not in (h.text for h in found):
                found.append(Transcript(text, float(np.exp(score))))
        return found

    def _candidates(
        self, encoded: ctranslate2.StorageView, frames: int, hypotheses: list[Transcript]
    ) -> tuple[Transcript, ...]:
        """Content phrases about as likely, given the audio, as the best free transcription."""
        if not self.phrases:
            return ()
        best = hypotheses[0].text
        squashed = letters(best)
        phrases = [p for p in self._closest(best) if len(letters(p)) <= LONGER * len(squashed)]
        if not phrases:
            return ()
        # Written as Whisper writes (capital, closing mark), so style does not count against them.
        mark = best[-1] if best[-1] in ".?!" else "."
        texts = [best] + [phrase[:1].upper() + phrase[1:] + mark for phrase in phrases]
        likelihoods = self._likelihoods(encoded, frames, texts)
        reference = likelihoods[0]
        heard = {h.text.lower() for h in hypotheses}
        found = []
        for phrase, score in zip(phrases, likelihoods[1:], strict=True):
            closeness = fuzz.ratio(squashed, letters(phrase))
            allowed = MARGIN + (closeness - CLOSENESS) * SLACK_PER_POINT
            if closeness >= CLOSENESS and score >= reference - allowed and phrase not in heard:
                found.append((score, phrase))
        found.sort(reverse=True)
        return tuple(Transcript(phrase, float(np.exp(score))) for score, phrase in found)

    def _expected_readings(
        self, encoded: ctranslate2.StorageView, heard: tuple[Transcript, ...]
    ) -> tuple[Transcript, ...]:
        """The utterance read again by Whisper told to expect each set of example sentences.

        Expecting the warning signs, it writes "Ik verlies mijn urine." where the free pass
        wrote "Equalismen buringen."; but it also invents them ("Mijn benen worden slap." for
        "mag ik lang zitten"), so a reading counts only when alike in letters to the free
        transcription and Whisper is fairly sure of it, or very sure of it, each set by its
        own rule."""
        found: tuple[Transcript, ...] = ()
        for expecting in self.expecting:
            readings = self._transcribe(encoded, expecting.prompt, self.beams, self.alternatives)
            found += offered(heard + found, readings, expecting.rule)
        return found

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
        batch = ctranslate2.StorageView.from_array(np.repeat(np.asarray(encoded), len(tokens), axis=0))
        results = self.model.model.align(batch, self.prompt, tokens, [frames // 2] * len(tokens))
        return [float(np.mean(np.log(np.maximum(r.text_token_probs, 1e-10)))) for r in results]


@dataclass(frozen=True)
class Rule:
    """When a reading told what to expect is offered: this alike in letters (0-100) to the free
    transcription and Whisper this sure of it (mean token probability), or, however unlike,
    at least `sure`: in loud noise the free transcription is often a loop ("Volgende,
    volgende, volgende") that nothing is alike to, while the reading is plainly heard."""

    closeness: float
    confidence: float
    sure: float


# Calibrated with benchmarks/expected_readings.py. A reading expecting the warnings can raise
# an alarm: invented signs reach 52 alike on clean speech, and 0.64 sure however unlike ("Ik
# krijg geen erectie meer." for "krijg ik een ziektebriefje voor mijn werk" in babble at 5 dB).
# One expecting questions can at worst answer a question that was not asked: below 45 alike or
# 0.5 sure some did ("mag ik gaan zwemmen" read "Mag ik een scan laten maken?"), and at 0.56
# however unlike (real speech in babble: "hoe wij dit bereiken leest u op deze pagina" read
# "Hoeveel paracetamol mag ik?"). Babble alone (six Dutch talkers) is read at most 0.45 sure
# expecting the warnings and 0.52 expecting the questions.
WARNINGS = Rule(closeness=55, confidence=0.5, sure=0.8)
QUESTIONS = Rule(closeness=45, confidence=0.5, sure=0.7)


@dataclass(frozen=True)
class Expecting:
    prompt: list[int]
    rule: Rule


def _expectations(expected: Expected | None) -> list[tuple[list[str], Rule]]:
    return [(expected.warnings, WARNINGS), (expected.questions, QUESTIONS)] if expected else []


def offered(heard: Sequence[Transcript], readings: Sequence[Transcript], rule: Rule) -> tuple[Transcript, ...]:
    """The readings told what to expect that are new and pass the rule against the best of `heard`.

    One Whisper is very sure of counts as plainly heard; one offered for being alike is marked
    `expected`, so that what the free transcription plainly heard ("Wat kan ik vragen?", the
    help control) is understood before it ("Wat kan ik me laten doen?", 0.56 sure)."""
    best = letters(heard[0].text)
    known = {h.text.lower() for h in heard}
    found: list[Transcript] = []
    for reading in readings:
        alike = fuzz.ratio(letters(reading.text), best) >= rule.closeness
        sure = reading.confidence >= rule.sure
        if reading.text.lower() not in known and (sure or (alike and reading.confidence >= rule.confidence)):
            found.append(replace(reading, expected=not sure))
            known.add(reading.text.lower())
    return tuple(found)


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
