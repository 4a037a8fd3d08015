"""Partner Desk's benchmark suite: ``python -m tests.bench`` (not part of the default test run).

Importing the package puts ``desktop/`` on ``sys.path`` so ``partnerdesk`` imports
without installing it, as tests/conftest.py does for the test run.
"""

import sys
from pathlib import Path

DESKTOP = str(Path(__file__).resolve().parents[2] / "desktop")
if DESKTOP not in sys.path:
    sys.path.insert(0, DESKTOP)
