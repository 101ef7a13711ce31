"""``python -m autograder`` runs the same command as the ``autograder`` console script.

``python -m`` puts the current folder first on ``sys.path``; the console script does not. A
course folder named ``course`` there (``autograder init course``) would then shadow the course
library, so the current folder is taken off first, as the console script has it.
"""

import os
import sys

if sys.path and sys.path[0] in ("", os.getcwd()):
    sys.path.pop(0)

from autograder.cli import main  # noqa: E402

sys.exit(main())
