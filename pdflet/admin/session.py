"""The admin's login cookie: signed, HttpOnly, SameSite=Lax, Secure over HTTPS, scoped to /admin.

The cookie carries ``<session id>.<random token>`` of a ``browser`` :class:`AuthSession`; the
server keeps only a digest of the token, so revoking the row (logout, the sessions page,
deactivation) ends the cookie at once.
"""

from __future__ import annotations

COOKIE_NAME = "pdflet_admin"
COOKIE_PATH = "/admin"
IDLE_SECONDS = 60 * 60  # an hour without a request logs the browser out
ABSOLUTE_SECONDS = 12 * 60 * 60  # and no login lasts longer than a working day
SIGNATURE_MAX_AGE_DAYS = 1  # the signed value itself is refused after a day, whatever the row says
