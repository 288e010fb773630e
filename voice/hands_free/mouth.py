"""Where the conversation's speech goes: the loudspeaker, or a recording on the input's clock.

Both take what to say without waiting for it to be said, so the conversation keeps
listening (for "stop" and red flags) while the assistant talks.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import soundfile

from voice.audio import Audio, amplified, join
from voice.speech_in.audio_files import RATE
from voice.speech_out.playback import GAP_SECONDS, NoSoundDevice, Player
from voice.speech_out.synthesis import Synthesiser, sentences


@dataclass(frozen=True)
class Speech:
    """One turn of the assistant: an optional cue, then texts, at the patient's pace and volume."""

    texts: tuple[str, ...] = ()
    cue: Audio | None = None
    pace: float = 1.0
    volume: float = 1.0

    def parts(self) -> list[tuple[int, str]]:
        """Each sentence to say, with the number of the text it belongs to."""
        return [(i, sentence) for i, text in enumerate(self.texts) for sentence in sentences(text)]

    def pieces(self, synthesiser: Synthesiser) -> Iterator[Audio]:
        """The cue, then every sentence, each made only when the one before is taken."""
        if self.cue is not None:
            yield amplified(self.cue, self.volume)
        for _, sentence in self.parts():
            yield amplified(synthesiser.synthesise(sentence, self.pace), self.volume)

    def unsaid(self, heard: int) -> tuple[str, ...]:
        """The texts not heard in full once `heard` pieces were, from the sentence cut off."""
        sentences_heard = max(0, heard - (self.cue is not None))
        rest: dict[int, list[str]] = {}
        for i, sentence in self.parts()[sentences_heard:]:
            rest.setdefault(i, []).append(sentence)
        return tuple(" ".join(part) for part in rest.values())


@dataclass
class Progress:
    """How much of a speech has been heard: its pieces' lengths as they are made, and the
    moment its first sample sounded (on the mouth's own clock)."""

    speech: Speech
    started: float | None = None
    lengths: list[float] = field(default_factory=list)

    def unsaid(self, now: float) -> tuple[str, ...]:
        if self.started is None:
            return self.speech.unsaid(0)
        return self.speech.unsaid(sum(1 for _, end in self._spans() if end <= now))

    def _spans(self) -> list[tuple[float, float]]:
        """When each piece made so far sounded: from, to."""
        spans, at = [], self.started or 0.0
        for length in self.lengths:
            spans.append((at, at + length))
            at += length + GAP_SECONDS
        return spans


class SpeakerMouth:
    """The loudspeaker, fed by one thread. A speaker that fails is tried again every few
    seconds; when it works again, the patient hears `back_text` and what they missed."""

    def __init__(
        self,
        synthesiser: Synthesiser,
        device: str | int | None,
        back_text: str,
        report: Callable[[str], None],
        retry_seconds: float = 2.0,
    ):
        self.synthesiser = synthesiser
        self.player = Player(device)  # NoSoundDevice here when there is no speaker at all
        self.back_text = back_text
        self.report = report
        self.retry_seconds = retry_seconds
        self._waiting: deque[Speech] = deque()
        self._missed: list[Speech] = []
        self._changed = threading.Condition()
        self._playing = False
        self._silent_at = time.monotonic()  # when it last stopped playing
        self._lost = False
        self._closed = False
        self._generation = 0  # raised by every stop: what was queued before is dropped
        self._progress: Progress | None = None  # of the speech being played
        self._worker = threading.Thread(target=self._work, name="speaker", daemon=True)
        self._worker.start()

    def say(self, speech: Speech, now: float = 0.0) -> None:
        with self._changed:
            self._waiting.append(speech)
            self._changed.notify_all()

    def busy(self, now: float = 0.0) -> bool:
        """Audibly speaking or about to (not while the speaker is gone)."""
        with self._changed:
            return not self._lost and (self._playing or bool(self._waiting))

    def silent_for(self, now: float = 0.0) -> float:
        """Seconds since it last stopped playing (when not busy, since it fell silent)."""
        with self._changed:
            return time.monotonic() - self._silent_at

    def stop(self, now: float = 0.0) -> tuple[str, ...]:
        """Silence now; returns the texts not heard in full (from the sentence cut off)."""
        with self._changed:
            playing = self._progress.unsaid(time.monotonic()) if self._playing and self._progress else ()
            unsaid = playing + tuple(t for speech in self._waiting for t in speech.texts)
            self._generation += 1
            self._waiting.clear()
            self._missed.clear()
            self.player.stop()
            self._changed.notify_all()
            return unsaid

    def wait(self, timeout: float = 600.0) -> None:
        """Until everything said has been heard (or the speaker is gone)."""
        with self._changed:
            self._changed.wait_for(lambda: not (self._playing or self._waiting) or self._lost, timeout)

    def close(self) -> None:
        self.stop()
        with self._changed:
            self._closed = True
            self._changed.notify_all()
        self._worker.join(5)

    def _work(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._waiting or self._closed)
                if self._closed:
                    return
                speech = self._waiting.popleft()
                generation = self._generation
                self._playing = True
                progress = self._progress = Progress(speech)
            try:
                self.player.play(self._unless_stopped(progress, generation), on_first_sound=partial(_sounded, progress))
            except NoSoundDevice as error:
                self.report(f"{error}; trying again every {self.retry_seconds:g} s")
                with self._changed:
                    self._lost = True
                    self._missed = [speech, *self._waiting]
                    self._waiting.clear()
                self._recover()
            finally:
                with self._changed:
                    self._playing, self._silent_at = False, time.monotonic()
                    self._changed.notify_all()

    def _unless_stopped(self, progress: Progress, generation: int) -> Iterator[Audio]:
        # Runs inside play(), after the player has cleared its own stop flag: a stop that came
        # before that is seen here through the generation, one after it by the player.
        if self._generation == generation:
            for piece in progress.speech.pieces(self.synthesiser):
                progress.lengths.append(piece.seconds)
                yield piece

    def _recover(self) -> None:
        while True:
            with self._changed:
                if self._changed.wait_for(lambda: self._closed, self.retry_seconds):
                    return
                self._missed += self._waiting
                self._waiting.clear()
                texts = tuple(t for s in self._missed for t in s.texts)
                last = self._missed[-1] if self._missed else Speech()
            try:
                back = Speech((self.back_text, *texts), pace=last.pace, volume=last.volume)
                if self.player.play(back.pieces(self.synthesiser)):
                    break
            except NoSoundDevice:
                continue
        self.report("the speaker works again")
        with self._changed:
            self._lost = False
            self._missed = []


def _sounded(progress: Progress) -> None:
    progress.started = time.monotonic()


class RecordingMouth:
    """Speech written into a recording on the same clock as the input recording.

    What is said at time t starts at t (or when what is being said ends) and lasts its
    length; a stop cuts it off at the moment of the stop. Finished speech is written out
    at once, so an hour-long conversation needs little memory. With no path, nothing is
    written and only the timing is kept (for benchmarks).
    """

    def __init__(self, synthesiser: Synthesiser, path: Path | None):
        self.synthesiser = synthesiser
        self._file = soundfile.SoundFile(str(path), "w", RATE, 1, "PCM_16") if path else None
        self._written = 0  # samples written to the file so far
        self._start = 0  # where the speech being said starts, in samples
        self._current = np.zeros(0, np.float32)
        self._progress: Progress | None = None  # of the current speech, on the input's clock
        self._past: deque[tuple[int, np.ndarray]] = deque()  # speech written out lately, and where it starts
        self.spoken_seconds = 0.0

    def say(self, speech: Speech, now: float) -> None:
        pieces = list(speech.pieces(self.synthesiser))
        if not pieces:
            return
        samples = join(pieces, GAP_SECONDS, RATE).samples
        start = max(round(now * RATE), self._start + len(self._current))
        self._flush()
        while self._past and self._past[0][0] + len(self._past[0][1]) <= round(now * RATE) - RATE:
            self._past.popleft()  # `played` is asked no further back than a second before now
        self._start, self._current = start, samples
        self._progress = Progress(speech, start / RATE, [piece.seconds for piece in pieces])
        self.spoken_seconds += len(samples) / RATE

    def busy(self, now: float) -> bool:
        return round(now * RATE) < self._start + len(self._current)

    def silent_for(self, now: float) -> float:
        return max(0.0, now - (self._start + len(self._current)) / RATE)

    def stop(self, now: float) -> tuple[str, ...]:
        """Cut the speech off at `now`; returns the texts not heard in full."""
        keep = max(0, round(now * RATE) - self._start)
        if keep >= len(self._current) or self._progress is None:
            return ()
        self.spoken_seconds -= (len(self._current) - keep) / RATE
        self._current = self._current[:keep]
        return self._progress.unsaid(now)

    def wait(self) -> None:
        pass

    def played(self, at: float, count: int) -> np.ndarray:
        """What it said from `at` seconds on the input's clock, for `count` samples (its echo
        in a simulated room, or what an echo canceller must take out), from a second before the
        last thing said on."""
        start = round(at * RATE)
        out = np.zeros(count, np.float32)
        for begin, samples in (*self._past, (self._start, self._current)):
            lo, hi = max(start, begin), min(start + count, begin + len(samples))
            if lo < hi:
                out[lo - start : hi - start] = samples[lo - begin : hi - begin]
        return out

    def close(self, seconds: float = 0.0) -> None:
        """Write what remains; the recording lasts at least `seconds` (the input's length)."""
        self._flush()
        if self._file is not None:
            self._silence(self._file, round(seconds * RATE) - self._written)
            self._file.close()
            self._file = None

    def _flush(self) -> None:
        if len(self._current):
            self._past.append((self._start, self._current))
        if self._file is not None and len(self._current):
            self._silence(self._file, self._start - self._written)
            self._file.write(self._current)
            self._written += len(self._current)
        self._start += len(self._current)
        self._current = np.zeros(0, np.float32)

    def _silence(self, file: soundfile.SoundFile, samples: int) -> None:
        for start in range(0, max(0, samples), RATE * 10):
            block = np.zeros(min(RATE * 10, samples - start), np.float32)
            file.write(block)
            self._written += len(block)
