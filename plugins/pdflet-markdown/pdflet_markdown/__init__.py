"""pdflet-markdown: send ``"markdown"`` instead of ``"html"`` and get a cleanly styled PDF."""

__version__ = "0.1.0"
