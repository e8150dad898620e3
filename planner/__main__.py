"""``python -m planner``: the same command line as ``planner`` (see :mod:`planner.cli`)."""

import sys

from planner.cli import main

sys.exit(main())
