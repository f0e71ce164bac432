"""Test-only plugin whose import takes ``PDFLET_TEST_SLOW_IMPORT`` seconds: a render worker slow to start.

Loaded with ``PDFLET_PLUGIN_MODULES=pdflet_slowstart`` (this folder on PYTHONPATH); it registers nothing.
"""

from __future__ import annotations

import os
import time

time.sleep(float(os.environ.get("PDFLET_TEST_SLOW_IMPORT", "0")))
