"""Vosk (Kaldi) as a streaming recogniser, biased toward the leaflet without being forced onto it.

Two recognisers hear the same audio: one restricted to the content's phrases plus
"[unk]" (what patients are expected to say), one with the model's whole vocabulary.
Both results go to the core as alternatives, so speech outside the leaflet is not
forced onto a question, and the red-flag screen sees what either one heard.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import vosk

from voice.hearing import Heard, Transcript
from voice.speech_in.audio_files import RATE, pcm16
from voice.speech_in.recogniser import Final, Partial, Wanted, always

ALTERNATIVES = 3
UNKNOWN = "[unk]"

vosk.SetLogLevel(-1)


def _alternatives(result: str) -> list[Transcript]:
    """Vosk's n-best, its log-likelihood scores turned into 0-1 relative to the best."""
    data = json.loads(result)
    if "alternatives" in data:
        found = [(a.get("text", ""), float(a.get("confidence", 0.0))) for a in data["alternatives"]]
    else:
        found = [(data.get("text", ""), 0.0)]
    found = [(text.strip(), score) for text, score in found if text.strip()]
    best = max((score for _, score in found), default=0.0)
    return [Transcript(text, float(np.exp(min(0.0, score - best)))) for text, score in found]


class VoskRecogniser:
    name = "vosk"

    def __init__(self, model: Path, phrases: Sequence[str] = ()):
        if not (Path(model) / "am" / "final.mdl").is_file():
            raise ValueError(f"{model} holds no Vosk model (am/final.mdl is missing)")
        self.model = vosk.Model(str(model))
        known = [p for p in dict.fromkeys(phrases) if self._in_vocabulary(p)]
        self.grammar = json.dumps(known + [UNKNOWN]) if known else None

    def _in_vocabulary(self, phrase: str) -> bool:
        """A grammar phrase with a word the model does not know would be dropped by Vosk."""
        return all(self.model.vosk_model_find_word(word) >= 0 for word in phrase.split())

    def _recognizer(self, grammar: str | None) -> vosk.KaldiRecognizer:
        recognizer = (
            vosk.KaldiRecognizer(self.model, RATE, grammar) if grammar else vosk.KaldiRecognizer(self.model, RATE)
        )
        recognizer.SetMaxAlternatives(ALTERNATIVES)
        return recognizer

    def stream(self) -> VoskStream:
        return VoskStream(self._recognizer(None), self._recognizer(self.grammar) if self.grammar else None)

    def recognise(self, samples: np.ndarray, wanted: Wanted = always) -> Heard:
        stream = self.stream()
        heard: list[Transcript] = []
        for start in range(0, len(samples), RATE // 5):
            if not wanted():
                return Heard(())
            event = stream.accept(samples[start : start + RATE // 5])
            if isinstance(event, Final):
                heard += event.heard.alternatives
        heard += stream.finish().heard.alternatives
        return Heard(tuple(heard))

    def quick(self, samples: np.ndarray) -> Heard:
        """Vosk is quick already: the full result."""
        return self.recognise(samples)


class VoskStream:
    def __init__(self, open_vocabulary: vosk.KaldiRecognizer, biased: vosk.KaldiRecognizer | None):
        self.open, self.biased = open_vocabulary, biased

    def accept(self, samples: np.ndarray) -> Partial | Final | None:
        data = pcm16(np.asarray(samples, dtype=np.float32)).tobytes()
        ended = self.open.AcceptWaveform(data)
        if self.biased:
            self.biased.AcceptWaveform(data)
        if ended:
            return Final(self._heard(self.open.Result(), self.biased.FinalResult() if self.biased else None))
        partial = json.loads(self.open.PartialResult()).get("partial", "")
        return Partial(partial) if partial else None

    def finish(self) -> Final:
        return Final(self._heard(self.open.FinalResult(), self.biased.FinalResult() if self.biased else None))

    @staticmethod
    def _heard(open_result: str, biased_result: str | None) -> Heard:
        free = _alternatives(open_result)
        fitted = (
            [t for t in _alternatives(biased_result) if t.text.replace(UNKNOWN, "").strip()] if biased_result else []
        )
        fitted = [
            Transcript(t.text.replace(UNKNOWN, "").strip(), t.confidence) for t in fitted if UNKNOWN not in t.text
        ]
        # What the open pass heard comes first; the grammar's reading is a further alternative.
        texts = {t.text for t in free}
        return Heard(tuple(free + [t for t in fitted if t.text not in texts]))
