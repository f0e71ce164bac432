"""The API keys page: list, create (the key is shown once), revoke and rotate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pdflet.admin.base import AdminHandler
from pdflet.db.models import ApiKey, utcnow
from pdflet.errors import InvalidRequest, PdfletError
from pdflet.services import keys as key_service
from pdflet.services.key_policy import key_state
from pdflet.services.keys import NewKey
from pdflet.services.principal import DEFAULT_SCOPES, SCOPES

SCOPE_HELP = {
    "pdf:create": "render PDFs",
    "keys:read": "list keys",
    "keys:write": "create, revoke and rotate keys",
    "usage:read": "read usage",
}


REMIND_DAYS = 14  # the reminder banner starts this many days before a key reaches the maximum age
EXPIRY_PRESETS = (("", "Never"), ("30", "30 days"), ("90", "90 days"), ("365", "365 days"))


@dataclass(frozen=True)
class KeyView:
    """A key as the table shows it."""

    key: ApiKey
    status: str
    needs_rotation: bool
    age_days: int = 0
    due_soon: bool = False  # past or within REMIND_DAYS of the maximum age, and not yet rotated
    note: str = ""  # "expires in 23 h" for a rotating key


def remaining(until: dt.datetime, now: dt.datetime) -> str:
    """A short time left, rounded down: "expires in 23 h" reads better than a timestamp for a grace period."""
    minutes = int((until - now).total_seconds() // 60)
    if minutes <= 0:
        return "expired"
    if minutes < 60:
        return f"expires in {minutes} min"
    hours = minutes // 60
    return f"expires in {hours} h" if hours < 48 else f"expires in {hours // 24} days"


def key_view(key: ApiKey, max_age_days: int, now: dt.datetime | None = None) -> KeyView:
    now = now or utcnow()
    state = key_state(key, max_age_days, now)
    current = state.status == "active"  # a rotating key already has its successor
    note = remaining(key.expires_at, now) if state.status == "rotating" and key.expires_at else ""
    return KeyView(key, state.status, state.needs_rotation, state.age_days,
                   current and state.age_days >= max_age_days - REMIND_DAYS, note)


@dataclass
class KeyForm:
    """The create form's values, kept when it is shown again with an error."""

    name: str = ""
    mode: str = "live"
    scopes: tuple[str, ...] = DEFAULT_SCOPES
    expires_days: str = ""
    error: str | None = None


class KeysBase(AdminHandler):
    nav = "keys"
    route_name = "admin_keys"

    def keys_context(self, **extra: Any) -> dict[str, Any]:
        age = self.ctx.settings.key_max_age_days
        views = [key_view(k, age) for k in key_service.list_keys(self.current_user)]
        return {
            "keys": views,
            "reminders": [v for v in views if v.due_soon],
            "expiry_presets": EXPIRY_PRESETS,
            "scopes": [(s, SCOPE_HELP.get(s, "")) for s in SCOPES],
            "max_age_days": age,
            "grace_hours": self.ctx.settings.rotation_grace_hours,
            "form": KeyForm(),
            "created": None,
            **extra,
        }


    def reveal_key(self, text: str, new: NewKey) -> None:
        """Post/Redirect/Get: the keys page shows ``new`` once (see AdminHandler.reveal_after_redirect)."""
        self.reveal_after_redirect("/admin/keys", text, new.secret, new.record.name)


class KeysHandler(KeysBase):
    def get(self) -> None:
        created, flashes = self.take_revealed()
        self.render_template("keys.html", **self.keys_context(created=created, flashes=flashes))

    def post(self) -> None:
        form = KeyForm(
            name=self.get_body_argument("name", "").strip(),
            mode=self.get_body_argument("mode", "live"),
            scopes=tuple(self.get_body_arguments("scopes")),
            expires_days=self.get_body_argument("expires_days", "").strip(),
        )
        try:
            expires = None
            if form.expires_days:
                if not form.expires_days.isdigit():
                    raise InvalidRequest("Expiry must be a whole number of days.")
                expires = int(form.expires_days)
            new = key_service.create_key(
                self.current_user, form.name, mode=form.mode, scopes=form.scopes or [], expires_days=expires,
                ip=self.client_ip(),
            )
        except PdfletError as exc:
            form.error = exc.detail
            if self.is_htmx:
                self.render_template("_keys_form.html", status=400, **self.keys_context(form=form))
            else:
                self.render_template("keys.html", status=400, **self.keys_context(form=form))
            return
        if not self.is_htmx:  # Post/Redirect/Get: the key waits in the one-time store, a reload loses it
            self.reveal_key("Key created.", new)
            return
        created = {"secret": new.secret, "key_name": new.record.name, "text": "Key created."}
        self.render_template("_keys_form.html", **self.keys_context(created=created, oob=True))


class KeyRevokeHandler(KeysBase):
    def post(self, key_id: str) -> None:
        key = key_service.get_key(self.current_user, key_id)
        key_service.revoke_key(key, actor=self.current_user, ip=self.client_ip())
        if self.is_htmx:
            settings = self.ctx.settings
            self.render_template("_key_row.html", row=key_view(key, settings.key_max_age_days),
                                 max_age_days=settings.key_max_age_days, grace_hours=settings.rotation_grace_hours)
        else:
            self.done("/admin/keys", f"Key “{key.name}” revoked.")


class KeyRotateHandler(KeysBase):
    def post(self, key_id: str) -> None:
        key = key_service.get_key(self.current_user, key_id)
        grace = self.ctx.settings.rotation_grace_hours
        new = key_service.rotate_key(key, grace_hours=grace, actor=self.current_user, ip=self.client_ip())
        text = f"Key rotated. The old key keeps working for {grace} hours."
        if not self.is_htmx:
            self.reveal_key(text, new)
            return
        created = {"secret": new.secret, "key_name": new.record.name, "text": text}
        self.render_template("_keys_table.html", **self.keys_context(created=created, oob=True))
