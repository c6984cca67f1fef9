"""`python -m tools.loadtest ...` (from the repository root): see tools/loadtest/__init__.py."""

import sys

from .cli import main

sys.exit(main())
