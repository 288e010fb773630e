"""Loading a Skill from files: the leaflet, the assistant's own Dutch, and what the matcher learned.

Kept apart from the dialogue, which holds only the conversation's state and decisions.
"""

from __future__ import annotations

from pathlib import Path

from voice import language as language_data
from voice import leaflet as leaflet_data
from voice.dialogue import Skill
from voice.learned_store import LearnedStore
from voice.spoken import Speaker
from voice.understanding import Understander


def load_skill(folder: Path | None = None) -> Skill:
    """The leaflet in `folder` (default: the configured one); ContentError lists every problem."""
    leaflet = leaflet_data.load(folder or leaflet_data.default_folder())
    language = language_data.load()
    speaker = Speaker(leaflet.speech + language.speech, leaflet.text.items)
    return Skill(leaflet, language, Understander(leaflet, language, LearnedStore.default()), speaker)
