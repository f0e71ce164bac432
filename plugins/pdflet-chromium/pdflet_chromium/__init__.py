"""pdflet-chromium: a pdflet renderer that prints HTML with a warm headless Chromium."""

__version__ = "0.1.0"
