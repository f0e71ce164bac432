"""Persistence: peewee models behind one DatabaseProxy, chosen at start by URL."""

from pdflet.db.connection import connect_database, database_proxy
from pdflet.db.migrations import migrate

__all__ = ["connect_database", "database_proxy", "migrate"]
