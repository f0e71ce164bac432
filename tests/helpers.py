"""Small helpers for tests: users, keys, tokens and reading PDFs back."""

from __future__ import annotations

import io
import uuid

import pdfplumber
from argon2 import PasswordHasher

from pdflet.services.keys import create_key
from pdflet.services.passwords import Passwords
from pdflet.services.users import create_user

# Fast argon2 parameters for test users only: the server verifies any argon2id hash.
FAST = Passwords(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
PASSWORD = "correct horse battery staple"


def new_user(staff: bool = False, password: str = PASSWORD):
    return create_user(FAST, f"user-{uuid.uuid4().hex[:10]}@example.com", password, is_staff=staff)


def new_key(user, **kwargs) -> str:
    kwargs.setdefault("name", "test key")
    return create_key(user, kwargs.pop("name"), **kwargs).secret


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def pdf_pages(data: bytes) -> int:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def run_async(coro):
    """Run ``coro`` to completion on a thread of its own and return its result.

    The browser tests' Playwright keeps an event loop running on the main thread for the whole session, and
    ``asyncio.run`` refuses to start beside a running loop; a fresh thread has none.
    """
    import asyncio
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()
