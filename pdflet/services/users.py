"""User accounts: creation, credential checks and deactivation."""

from __future__ import annotations

import re

import peewee

from pdflet.db.models import ApiKey, AuthSession, User, utcnow
from pdflet.errors import InvalidRequest
from pdflet.services import audit
from pdflet.services.password_policy import MAX_PASSWORD_LENGTH, validate_password
from pdflet.services.passwords import Passwords

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{1,63}$")


def normalize_email(email: object) -> str:
    if not isinstance(email, str) or not _EMAIL.match(email.strip()):
        raise InvalidRequest("Enter a valid email address.")
    return email.strip().lower()


def create_user(passwords: Passwords, email: object, password: object, *, is_staff: bool = False,
                actor: User | None = None) -> User:
    address = normalize_email(email)
    secret = validate_password(password, address)
    try:
        user = User.create(email=address, password_hash=passwords.hash(secret), is_staff=is_staff)
    except peewee.IntegrityError:
        raise InvalidRequest(f"A user with email {address} already exists.") from None
    audit.record("user.create", actor=actor, target=f"user:{user.id}", detail=address)
    return user


def find_user(email: str) -> User | None:
    try:
        address = normalize_email(email)
    except InvalidRequest:
        return None
    return User.get_or_none(User.email == address)


def check_credentials(passwords: Passwords, email: object, password: object) -> User | None:
    """The active user with this email and password, or None.

    Always runs one argon2 verification (against a dummy hash for unknown emails), so a
    caller cannot tell a wrong password from an unknown account by timing. Blocking:
    call it from an executor.
    """
    user = find_user(email) if isinstance(email, str) else None
    if not isinstance(password, str) or len(password) > MAX_PASSWORD_LENGTH:
        password = ""
    ok = passwords.verify(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash(password)
    user.last_login_at = utcnow()
    user.save(only=[User.password_hash, User.last_login_at])
    return user


def end_sessions(user: User, *, actor: User | None = None, reason: str = "") -> int:
    """Revoke every live session of ``user`` (JWT families and browser cookies) at once; returns how many.

    Access tokens, refresh tokens and cookies are all checked against their session row on
    every request, so they stop working with this one UPDATE, on every instance.
    """
    ended = AuthSession.update(revoked_at=utcnow()).where(
        (AuthSession.user == user) & AuthSession.revoked_at.is_null()
    ).execute()
    if ended:
        audit.record("session.revoke_all", actor=actor, target=f"user:{user.id}", detail=f"{reason}: {ended}")
    return ended


def set_password(passwords: Passwords, user: User, password: object, *, actor: User | None = None) -> None:
    """A new password (a staff reset, or ``pdflet users set-password``) logs the user out everywhere:
    whoever knew the old one must not keep a session made with it."""
    user.password_hash = passwords.hash(validate_password(password, user.email))
    user.save(only=[User.password_hash])
    audit.record("user.password", actor=actor, target=f"user:{user.id}", detail=user.email)
    end_sessions(user, actor=actor, reason="password changed")


def set_active(user: User, active: bool, *, actor: User | None = None) -> None:
    """Deactivating ends every session of the user at once; their keys stop working because
    authentication checks ``is_active`` on every request."""
    user.is_active = active
    user.save(only=[User.is_active])
    if not active:
        end_sessions(user, actor=actor, reason="deactivated")
    audit.record("user.activate" if active else "user.deactivate", actor=actor, target=f"user:{user.id}",
                 detail=user.email)


def set_staff(user: User, staff: bool, *, actor: User | None = None) -> None:
    """A role change ends the user's sessions, so no session outlives the rights it was made with."""
    user.is_staff = staff
    user.save(only=[User.is_staff])
    end_sessions(user, actor=actor, reason="role changed")
    audit.record("user.staff" if staff else "user.unstaff", actor=actor, target=f"user:{user.id}", detail=user.email)


def key_count(user: User) -> int:
    return ApiKey.select().where(ApiKey.user == user).count()


def list_users() -> list[User]:
    """Every account, oldest first (the CLI's ``users list`` and the admin's users page)."""
    return list(User.select().order_by(User.id))


def deactivate_user(user: User, *, actor: User | None = None) -> None:
    """Deactivate ``user`` and revoke every session at once (keys stop working too: see set_active)."""
    set_active(user, False, actor=actor)
