"""pdflet-stamp: ``options.stamp`` draws text over every page, ``options.encrypt`` password-protects the PDF."""

__version__ = "0.1.0"
