"""The API keys page: list, create (the key is shown once), revoke and rotate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pdflet.admin.base import AdminHandler
from pdflet.db.models import ApiKey
from pdflet.errors import InvalidRequest, PdfletError
from pdflet.services import keys as key_service
from pdflet.services import reveal
from pdflet.services.key_policy import needs_rotation
from pdflet.services.keys import NewKey
from pdflet.services.principal import DEFAULT_SCOPES, SCOPES

SCOPE_HELP = {
    "pdf:create": "render PDFs",
    "keys:read": "list keys",
    "keys:write": "create, revoke and rotate keys",
    "usage:read": "read usage",
}


@dataclass(frozen=True)
class KeyView:
    """A key as the table shows it."""

    key: ApiKey
    status: str
    needs_rotation: bool


def key_view(key: ApiKey, max_age_days: int) -> KeyView:
    status = key_service.key_status(key)
    return KeyView(key, status, needs_rotation(key, max_age_days, status))


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
        return {
            "keys": [key_view(k, age) for k in key_service.list_keys(self.current_user)],
            "scopes": [(s, SCOPE_HELP.get(s, "")) for s in SCOPES],
            "max_age_days": age,
            "grace_hours": self.ctx.settings.rotation_grace_hours,
            "form": KeyForm(),
            "created": None,
            **extra,
        }


    def reveal_after_redirect(self, text: str, new: NewKey) -> None:
        """Redirect to the keys page, which shows ``new`` once: the cookie carries a reveal id, never the key."""
        reveal_id = reveal.put(self.auth_session.id, new.secret)
        self.flash("ok", text, reveal=reveal_id, key_name=new.record.name)
        self.redirect("/admin/keys", status=303)


class KeysHandler(KeysBase):
    def get(self) -> None:
        flashes = self.take_flashes()
        created = None
        for item in (f for f in flashes if f.reveal):
            secret = reveal.take(self.auth_session.id, item.reveal)
            if secret is not None:
                created = {"secret": secret, "key_name": item.key_name, "text": item.text}
        self.render_template("keys.html", **self.keys_context(
            created=created, flashes=[f for f in flashes if not f.reveal]))

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
            self.reveal_after_redirect("Key created.", new)
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
            self.reveal_after_redirect(text, new)
            return
        created = {"secret": new.secret, "key_name": new.record.name, "text": text}
        self.render_template("_keys_table.html", **self.keys_context(created=created, oob=True))
