from __future__ import annotations

import pytest

from support import CONTENT
from voice.dialogue import Skill


@pytest.fixture(scope="session")
def skill() -> Skill:
    return Skill.load(CONTENT)
