"""Where the data that is not code lives: the shipped leaflets, the shared data, the speech models.

Computed here alone, so that a source checkout (installed editable or not at all) and an
installed wheel find them alike; the shared data and the models each move with one
environment variable.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# Imported from a source checkout, the package has the project beside it; from a wheel, not.
CHECKOUT = PACKAGE.parent if (PACKAGE.parent / "pyproject.toml").is_file() else None


def content_folder() -> Path:
    """The leaflets that ship: content/ of the checkout, which a wheel carries as voice/content."""
    return CHECKOUT / "content" if CHECKOUT else PACKAGE / "content"


def user_data_folder() -> Path:
    """$XDG_DATA_HOME/folderstem, else ~/.local/share/folderstem: an installed wheel's own data."""
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "folderstem"


def shared_folder() -> Path:
    """The shared data (test sets; the models' pins in models/*.tsv): $FOLDERSTEM_SHARED,
    else ../shared beside the checkout, else shared/ in the user's data folder."""
    if os.environ.get("FOLDERSTEM_SHARED"):
        return Path(os.environ["FOLDERSTEM_SHARED"])
    return CHECKOUT.parent / "shared" if CHECKOUT else user_data_folder() / "shared"


def models_folder() -> Path:
    """The installed speech models: $FOLDERSTEM_MODELS, else models/ of the checkout, else
    models/ in the user's data folder."""
    if os.environ.get("FOLDERSTEM_MODELS"):
        return Path(os.environ["FOLDERSTEM_MODELS"])
    return CHECKOUT / "models" if CHECKOUT else user_data_folder() / "models"
