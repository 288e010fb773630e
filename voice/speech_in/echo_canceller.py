"""The assistant's own voice taken out of what the microphone hears: libspeexdsp's acoustic
echo canceller (Debian's libspeexdsp1), fed with exactly what the loudspeaker played.

The canceller learns the path from loudspeaker to microphone while it speaks: in its first
seconds of speech (or after the device is moved) it takes little out, and what it then lets
through is still the assistant's voice. `settled` says when it has learnt the path: the
echo it leaves is far softer than what came in. The residual echo it cannot cancel is
suppressed after it. Noise suppression is left off: Whisper hears better without it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections import deque

import numpy as np

from voice.speech_in.audio_files import RATE, pcm16

FRAME = 160  # 10 ms: the canceller's step
TAIL_SECONDS = 0.4  # the longest echo it learns: loudspeaker-to-microphone delay and the room's reverberation
SETTLED_DB = 12.0  # what it hears this much softer after it than before, while it plays: it has learnt the path
PLAYING = 1e-5  # mean square of what is played (-50 dB) above which a block shows how much it takes out
RECENT_BLOCKS = 50  # the blocks played lately that show it (about 5 s)

# Requests of speex_echo_ctl and speex_preprocess_ctl (speex_echo.h, speex_preprocess.h).
_ECHO_SET_SAMPLING_RATE = 24
_PREPROCESS_SET_DENOISE = 0
_PREPROCESS_SET_ECHO_STATE = 24


class NoEchoCanceller(Exception):
    """libspeexdsp is not installed: the message says which package provides it."""


def _library() -> ctypes.CDLL:
    name = ctypes.util.find_library("speexdsp") or "libspeexdsp.so.1"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        raise NoEchoCanceller("no echo canceller: libspeexdsp is not installed (Debian: libspeexdsp1)") from None
    lib.speex_echo_state_init.restype = ctypes.c_void_p
    lib.speex_echo_state_init.argtypes = [ctypes.c_int, ctypes.c_int]
    lib.speex_echo_state_destroy.argtypes = [ctypes.c_void_p]
    lib.speex_echo_ctl.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
    lib.speex_echo_cancellation.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    lib.speex_preprocess_state_init.restype = ctypes.c_void_p
    lib.speex_preprocess_state_init.argtypes = [ctypes.c_int, ctypes.c_int]
    lib.speex_preprocess_state_destroy.argtypes = [ctypes.c_void_p]
    lib.speex_preprocess_ctl.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
    lib.speex_preprocess_run.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    return lib


class EchoCanceller:
    """Streaming: blocks of any length go in, the same number of samples comes out (the
    last partial frame waits for the next block, so the output lags by under 10 ms)."""

    name = "speex"

    def __init__(self) -> None:
        self._lib = _library()
        self._echo = self._lib.speex_echo_state_init(FRAME, round(TAIL_SECONDS * RATE))
        self._lib.speex_echo_ctl(self._echo, _ECHO_SET_SAMPLING_RATE, ctypes.byref(ctypes.c_int(RATE)))
        self._residual = self._lib.speex_preprocess_state_init(FRAME, RATE)
        self._lib.speex_preprocess_ctl(self._residual, _PREPROCESS_SET_DENOISE, ctypes.byref(ctypes.c_int(0)))
        self._lib.speex_preprocess_ctl(self._residual, _PREPROCESS_SET_ECHO_STATE, ctypes.c_void_p(self._echo))
        self._heard = np.zeros(0, np.int16)  # what is left over of the last block, less than a frame
        self._played = np.zeros(0, np.int16)
        self._out = np.zeros(FRAME, np.int16)
        self._ready = np.zeros(0, np.int16)  # cleaned, not yet given out
        self._taken_out: deque[float] = deque(maxlen=RECENT_BLOCKS)  # dB, of recent blocks played

    def cancel(self, heard: np.ndarray, played: np.ndarray) -> np.ndarray:
        """`heard` (float32) without the echo of `played`, the loudspeaker's samples over the
        same moments."""
        if len(played) != len(heard):
            raise ValueError(f"{len(heard)} samples heard but {len(played)} played")
        self._heard = np.concatenate([self._heard, pcm16(heard)])
        self._played = np.concatenate([self._played, pcm16(played)])
        whole = len(self._heard) // FRAME * FRAME
        cleaned = np.empty(whole, np.int16)
        for start in range(0, whole, FRAME):
            mic = np.ascontiguousarray(self._heard[start : start + FRAME])
            far = np.ascontiguousarray(self._played[start : start + FRAME])
            self._lib.speex_echo_cancellation(self._echo, mic.ctypes.data, far.ctypes.data, self._out.ctypes.data)
            self._lib.speex_preprocess_run(self._residual, self._out.ctypes.data)
            cleaned[start : start + FRAME] = self._out
        self._heard, self._played = self._heard[whole:], self._played[whole:]
        # As many out as went in: while part of a frame waits, silence stands in for it once,
        # and the output runs that much behind from then on.
        ready = np.concatenate([self._ready, cleaned])
        if len(ready) < len(heard):
            ready = np.concatenate([np.zeros(len(heard) - len(ready), np.int16), ready])
        out, self._ready = ready[: len(heard)], ready[len(heard) :]
        cleaned_out = out.astype(np.float32) / np.float32(32767)
        self._measure(heard, played, cleaned_out)
        return cleaned_out

    @property
    def settled(self) -> bool:
        """It has learnt the path: at least one block in five played lately came out far softer
        than it went in (the patient speaking over it, or a pause in its speech, makes many
        blocks show little, not all)."""
        if len(self._taken_out) < RECENT_BLOCKS // 5:
            return False
        return float(np.percentile(self._taken_out, 80)) >= SETTLED_DB

    def _measure(self, heard: np.ndarray, played: np.ndarray, cleaned: np.ndarray) -> None:
        if len(played) and float(np.mean(played**2)) > PLAYING:
            before, after = float(np.mean(heard**2)), float(np.mean(cleaned**2))
            self._taken_out.append(10 * np.log10((before + 1e-12) / (after + 1e-12)))

    def close(self) -> None:
        if self._echo:
            self._lib.speex_preprocess_state_destroy(self._residual)
            self._lib.speex_echo_state_destroy(self._echo)
            self._echo = self._residual = None
