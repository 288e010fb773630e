"""Loading a Skill from files: the leaflet, the assistant's own Dutch, and what the matcher learned.

Kept apart from the dialogue, which holds only the conversation's state and decisions.
"""

from __future__ import annotations

from pathlib import Path

from voice import language as language_data
from voice import leaflet as leaflet_data
from voice.dialogue import Skill
from voice.language import Language
from voice.leaflet import Leaflet
from voice.learned_store import LearnedStore
from voice.spoken import Speaker
from voice.understanding import Understander


def load_skill(folder: Path | None = None) -> Skill:
    """The leaflet in `folder` (default: the configured one); ContentError lists every problem."""
    return skill_of(*load_content(folder))


def load_content(folder: Path | None = None) -> tuple[Leaflet, Language]:
    """The leaflet and the assistant's own Dutch, read and checked, before anything is learnt
    from them (a speech model can be loaded in between, on less memory)."""
    return leaflet_data.load(folder or leaflet_data.default_folder()), language_data.load()


def skill_of(leaflet: Leaflet, language: Language) -> Skill:
    """The skill of a loaded leaflet: its matcher learnt (or taken from the store) and its speaker."""
    speaker = Speaker(leaflet.speech + language.speech, leaflet.text.items)
    return Skill(leaflet, language, Understander(leaflet, language, LearnedStore.default()), speaker)
