"""What the ears report to the conversation: small typed messages, one per event."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Sound:
    """The next block of 16 kHz mono float32 samples, in order, with no gap."""

    samples: np.ndarray
    late: float = 0.0  # seconds of sound captured after it and still waiting (a recording: none)
    # its echo was taken out by a canceller that has learnt the way from loudspeaker to microphone
    echo_cancelled: bool = False


@dataclass(frozen=True)
class MicrophoneLost:
    reason: str  # for the operator


@dataclass(frozen=True)
class MicrophoneBack:
    pass


Event = Sound | MicrophoneLost | MicrophoneBack
