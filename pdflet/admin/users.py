"""Staff only: create users, deactivate them (sessions end, keys stop), reset passwords, grant staff."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pdflet.admin.base import AdminHandler
from pdflet.errors import InvalidRequest, PdfletError
from pdflet.services import users as user_service
from pdflet.services.directory import UserSummary, get_user, list_users


@dataclass
class UserForm:
    email: str = ""
    is_staff: bool = False
    error: str | None = None


class UsersBase(AdminHandler):
    nav = "users"
    route_name = "admin_users"
    staff_only = True

    def users_context(self, **extra: Any) -> dict[str, Any]:
        return {"users": list_users(), "form": UserForm(), "row_error": None, "row_error_id": None, **extra}


class UsersHandler(UsersBase):
    def get(self) -> None:
        self.render_template("users.html", **self.users_context(flashes=self.take_flashes()))

    async def post(self) -> None:
        form = UserForm(email=self.get_body_argument("email", "").strip(),
                        is_staff=self.get_body_argument("is_staff", "") == "on")
        password = self.get_body_argument("password", "")
        try:
            created = await self.run_blocking(user_service.create_user, self.ctx.passwords, form.email, password,
                                              is_staff=form.is_staff, actor=self.current_user)
        except PdfletError as exc:
            form.error = exc.detail
            self.render_page("users.html", "_users_form.html", status=400, **self.users_context(form=form))
            return
        if not self.is_htmx:
            self.done("/admin/users", f"User {created.email} created.")
            return
        self.render_template("_users_form.html", **self.users_context(oob=True, created=created.email))


SWITCHES = {  # action: (service call, its value, what the page says happened)
    "deactivate": (user_service.set_active, False, "deactivated: their sessions ended and their keys stopped working."),
    "activate": (user_service.set_active, True, "reactivated."),
    "staff": (user_service.set_staff, True, "is now staff; their sessions ended."),
    "unstaff": (user_service.set_staff, False, "is no longer staff; their sessions ended."),
}


class UserActionHandler(UsersBase):
    """One POST per action, so each is a plain form with one button."""

    ACTIONS = ("deactivate", "activate", "password", "staff", "unstaff")

    async def post(self, user_id: str, action: str) -> None:
        target = get_user(user_id)
        me = self.current_user
        if target.id == me.id and action in ("deactivate", "unstaff"):
            raise InvalidRequest("You cannot deactivate yourself or remove your own staff rights.")
        if action in SWITCHES:
            change, value, outcome = SWITCHES[action]
            change(target, value, actor=me)
            message = f"{target.email} {outcome}"
        else:
            password = self.get_body_argument("password", "")
            await self.run_blocking(user_service.set_password, self.ctx.passwords, target, password, actor=me)
            message = f"Password of {target.email} reset; their sessions ended."
        if not self.is_htmx:
            self.done("/admin/users", message)
            return
        row = UserSummary(target, user_service.key_count(target))
        self.render_template("_user_row.html", row=row, message=message)
