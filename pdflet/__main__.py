"""``python -m pdflet`` is the ``pdflet`` command."""

import sys

from pdflet.cli import main

sys.exit(main())
