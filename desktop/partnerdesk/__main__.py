"""``python -m partnerdesk``: same as the ``partnerdesk`` command."""

import sys

from partnerdesk.cli import main

sys.exit(main())
