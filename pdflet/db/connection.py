"""Opening the database named by ``PDFLET_DATABASE_URL``.

The peewee ``DatabaseProxy`` is the one piece of module-level state pdflet keeps: models
must name their database when the class is defined, before the URL is known.
"""

from __future__ import annotations

import os
from pathlib import Path

import peewee
from playhouse.db_url import connect

database_proxy = peewee.DatabaseProxy()

# WAL lets readers (API-key look-ups) proceed while a writer (usage metering) commits;
# the busy timeout makes a second writer wait instead of failing with "database is locked".
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
}


def connect_database(url: str) -> peewee.Database:
    """Open ``url`` (``sqlite:///path`` or ``postgresql://…``) and bind the models to it."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        path = Path(url[len("sqlite:///"):])
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Create the file 0600 ourselves: SQLite would make it (and its -wal/-shm, which copy the
        # file's mode) 0644 under the usual umask, readable by every local user.
        os.close(os.open(path, os.O_RDONLY | os.O_CREAT, 0o600))
    db = connect(url, pragmas=SQLITE_PRAGMAS) if url.startswith("sqlite") else connect(url)
    database_proxy.initialize(db)
    return db
