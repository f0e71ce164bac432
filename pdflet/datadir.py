"""Which data directory (and so which SQLite database) a ``pdflet`` command uses.

The default ``./.pdflet`` depends on the folder a command runs from; run from elsewhere, a
command used to create a second, empty database next to the first, and the server then refused
logins for users made there. So, like git finding ``.git``, the CLI looks for ``.pdflet`` in the
current folder and then its parents; ``serve`` and ``migrate`` create ``./.pdflet`` when there is
none anywhere, and every other command refuses rather than start a database of its own. An
explicit ``PDFLET_DATA_DIR``, ``--data-dir`` or ``PDFLET_DATABASE_URL`` is used as given.
"""

from __future__ import annotations

from pathlib import Path

from pdflet.config import Settings

DEFAULT = Path(".pdflet")
DB_FILE = "pdflet.db"


class NoDatabase(Exception):
    """A command that needs an existing database found none (its message says where it looked)."""


def find_data_dir(start: Path) -> Path | None:
    """The nearest ``.pdflet`` holding a database, in ``start`` or one of its parents."""
    for folder in (start, *start.parents):
        candidate = folder / DEFAULT
        if (candidate / DB_FILE).is_file():
            return candidate
    return None


def uses_default(settings: Settings) -> bool:
    """True when neither the data directory nor the database was chosen by the operator."""
    return settings.data_dir == DEFAULT and settings.database_url == f"sqlite:///{DEFAULT / DB_FILE}"


def _derived(settings: Settings) -> bool:
    """The database URL is the one the data directory implies (nobody set PDFLET_DATABASE_URL)."""
    return settings.database_url == f"sqlite:///{Path(settings.data_dir) / DB_FILE}"


def resolve(settings: Settings, cwd: Path | None = None, data_dir: Path | None = None) -> Settings:
    """``settings`` with an absolute data directory: ``data_dir`` (the ``--data-dir`` flag) or the
    configured one as given, else the ``.pdflet`` found upward, else ``<cwd>/.pdflet``."""
    here = (cwd or Path.cwd()).resolve()
    derived = _derived(settings)
    if data_dir is not None:
        chosen = data_dir
    elif uses_default(settings):
        chosen = find_data_dir(here) or DEFAULT
    else:
        chosen = Path(settings.data_dir)
    chosen = chosen if chosen.is_absolute() else here / chosen
    url = f"sqlite:///{chosen / DB_FILE}" if derived else settings.database_url
    return settings.replace(data_dir=chosen, database_url=url)


def sqlite_path(settings: Settings) -> Path | None:
    """The database file of an SQLite URL (None for PostgreSQL and in-memory databases)."""
    url = settings.database_url
    if not url.startswith("sqlite:///") or url.startswith("sqlite:///:memory:"):
        return None
    return Path(url[len("sqlite:///"):])


def describe(settings: Settings) -> str:
    """The database for humans: a file path, or the server URL without its password."""
    path = sqlite_path(settings)
    if path is not None:
        return str(path.resolve())
    scheme, _, rest = settings.database_url.partition("://")
    return f"{scheme}://{rest.rsplit('@', 1)[-1]}"


def require_existing(settings: Settings) -> None:
    """Refuse to work on an SQLite database that does not exist yet (it would be a second, empty one)."""
    path = sqlite_path(settings)
    if path is not None and not path.is_file():
        raise NoDatabase(
            f"no pdflet database at {path.resolve()} (nor a .pdflet folder in this folder's parents). "
            "Run this where you ran 'pdflet serve', set PDFLET_DATA_DIR or pass --data-dir to that data "
            "directory, or create a database here with 'pdflet migrate'."
        )
