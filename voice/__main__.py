"""`python -m voice` is the `folderstem` command."""

import sys

from voice.cli import main

sys.exit(main())
