"""``python -m autograder`` runs the same command as the ``autograder`` console script."""

import sys

from autograder.cli import main

sys.exit(main())
