"""Speaking responses: synthesise and play them in order, or write them to a file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from voice.audio import Audio, join
from voice.speech_out.playback import GAP_SECONDS, Player
from voice.speech_out.synthesis import Synthesiser, write


def speak(synthesiser: Synthesiser, player: Player, texts: Sequence[str], pace: float = 1.0) -> bool:
    """Say the texts one after the other; False if stopped before the end."""
    return player.play(synthesiser.pieces(*texts, pace=pace))


def save(synthesiser: Synthesiser, texts: Sequence[str], path: Path, pace: float = 1.0) -> Audio:
    audio = join(list(synthesiser.pieces(*texts, pace=pace)), GAP_SECONDS, synthesiser.voice.rate)
    write(audio, path)
    return audio
