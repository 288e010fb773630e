"""Dutch text to audio with pyttsx3, which drives espeak-ng (and MBROLA voices through it).

What this module guards against:
- pyttsx3 writes a 22,050 Hz header over an MBROLA voice's 16,000 Hz data: the rate is
  taken from the voice, not the header (as written, the voice is fast and squeaky);
- its espeak driver prints "Audio saved" on standard output: that output is swallowed;
- its voice list leaves out the MBROLA voices espeak-ng speaks: voices are named by
  espeak-ng's own ids (`voices.py`);
- a rate set through its queue lands one utterance late: it is set on espeak-ng itself
  (`_settle`);
- `runAndWait` returns while espeak-ng is still writing the file (`_wait_idle`);
- setting an MBROLA voice restarts the `mbrola` process espeak-ng forks, which can hang
  for good in a busy, many-threaded session: the voice is set only when it changes;
- its own `say()` can drop a fresh engine's first utterance: audio is always made into a
  file, checked, and played by `playback.py`.
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import soundfile

from voice.audio import Audio
from voice.speech_out.speaking_rate import WORDS_PER_MINUTE
from voice.speech_out.voices import Voice

_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")
_engine_lock = threading.Lock()
_voice_set: list[str] = []  # the voice espeak-ng (one per process) holds: set once, not per sentence


class SpeechError(Exception):
    """The synthesiser made no audio; the message says what it was asked."""


def sentences(text: str) -> list[str]:
    """Pieces to synthesise one by one, so the first can sound while the rest are made."""
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if s]


def _wait_idle(timeout: float = 5.0) -> None:
    """Until espeak-ng's own thread is done: pyttsx3 reports the end before it is."""
    from pyttsx3.drivers import _espeak

    deadline = time.monotonic() + timeout
    while _espeak.IsPlaying() and time.monotonic() < deadline:
        time.sleep(0.002)


class Synthesiser:
    def __init__(self, voice: Voice, words_per_minute: int = WORDS_PER_MINUTE, volume: float = 1.0):
        import pyttsx3

        with contextlib.redirect_stdout(io.StringIO()):
            self.engine = pyttsx3.init("espeak")
        self.voice, self.words_per_minute, self.volume = voice, words_per_minute, volume

    def synthesise(self, text: str, pace: float = 1.0) -> Audio:
        """One piece of text as audio; `pace` scales the speaking rate (the patient's slower/faster)."""
        if not text.strip():
            return Audio(np.zeros(0, np.float32), self.voice.rate)
        for _ in range(2):  # a piece that comes out empty is made once more before giving up
            audio = self._make(text, pace)
            if len(audio.samples):
                return audio
        raise SpeechError(f"espeak-ng made no audio for {text[:60]!r} with voice {self.voice.name}")

    def pieces(self, *texts: str, pace: float = 1.0) -> Iterator[Audio]:
        """Every sentence of the texts in turn, each made only when the one before is taken."""
        for text in texts:
            for sentence in sentences(text):
                yield self.synthesise(sentence, pace)

    def _settle(self, rate: int) -> None:
        """Voice, rate and volume set on espeak-ng itself, once it is idle, and checked.

        Through pyttsx3's queue a new rate lands one utterance late, and one set while
        espeak-ng's thread is still busy is dropped: "trager" would only slow the answer after.
        """
        from pyttsx3.drivers import _espeak

        driver = self.engine.proxy._driver
        for _ in range(3):
            _wait_idle()
            if _voice_set != [self.voice.espeak_id]:
                driver.setProperty("voice", self.voice.espeak_id)
                _voice_set[:] = [self.voice.espeak_id]
            driver.setProperty("rate", rate)
            driver.setProperty("volume", self.volume)
            if _espeak.GetParameter(_espeak.RATE) == rate:
                return
            time.sleep(0.05)
        raise SpeechError(f"espeak-ng did not take the speaking rate {rate}")

    def _make(self, text: str, pace: float) -> Audio:
        with _engine_lock, tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "piece.wav"
            self._settle(max(60, round(self.words_per_minute * pace)))
            with contextlib.redirect_stdout(io.StringIO()):
                self.engine.save_to_file(text, str(path))
                self.engine.runAndWait()
                _wait_idle()  # runAndWait returns before espeak-ng has finished the file
            if not path.exists() or path.stat().st_size <= 44:
                return Audio(np.zeros(0, np.float32), self.voice.rate)
            samples, _header_rate = soundfile.read(str(path), dtype="float32", always_2d=True)
        # The header rate is not trusted: MBROLA voices write 16 kHz data under a 22,050 Hz header.
        return Audio(samples.mean(axis=1), self.voice.rate)


def write(audio: Audio, path: Path) -> None:
    soundfile.write(str(path), audio.samples, audio.rate, subtype="PCM_16")
