"""``python -m course`` runs the same command as the ``course`` console script."""

import sys

from course.cli import main

sys.exit(main())
