"""``/api/v1/keys/``: a user's API keys (bearer token, or a key with keys:read / keys:write)."""

from __future__ import annotations

from pdflet.db.models import ApiKey
from pdflet.services import keys as key_service
from pdflet.services.key_policy import KeyPolicy, key_state, policy_for
from pdflet.web.api_schemas import KEY_CREATE
from pdflet.web.base import ApiHandler, isoformat
from pdflet.web.declare import AUTH_ERRORS, BODY_ERRORS, ID_PARAM, Operation, error, ok, ref, results


def whole(value: object) -> object:
    """JSON ``3.0`` is the integer 3 (JSON Schema agrees); anything else is left for the service to judge."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def key_json(key: ApiKey, max_age_days: int) -> dict:
    state = key_state(key, max_age_days)
    return {
        "id": key.id,
        "name": key.name,
        "prefix": key.prefix,
        "last4": key.last4,
        "display": key.display,
        "mode": key.mode,
        "scopes": key.scope_list,
        "rate_limit": key.rate_limit,
        "created_at": isoformat(key.created_at),
        "last_used_at": isoformat(key.last_used_at),
        "expires_at": isoformat(key.expires_at),
        "revoked_at": isoformat(key.revoked_at),
        "status": state.status,
        "rotated_to": key.rotated_to_id,
        "needs_rotation": state.needs_rotation,
    }


class KeyWriter(ApiHandler):
    def policy(self) -> KeyPolicy:
        """What this caller may grant: a key no more than itself, a non-staff user no more than the operator."""
        p = self.principal
        return policy_for(p.user.is_staff, p.key, self.ctx.settings.rate_limit_per_minute)


    def default_mode(self) -> str:
        """A key's keys are of its own mode unless asked otherwise (a test key can only make test keys)."""
        key = self.principal.key
        return key.mode if key is not None else "live"


class KeysHandler(KeyWriter):
    route_name = "keys"
    operations = {
        "GET": Operation("listKeys", "The caller's API keys", "keys:read",
                         responses={"200": ok("Keys", results("Key")), **AUTH_ERRORS}),
        "POST": Operation("createKey", "Create a key (the full key is in this response only)", "keys:write",
                          body=KEY_CREATE, body_name="KeyCreate",
                          responses={"201": ok("Created", ref("NewKey")), **BODY_ERRORS, **AUTH_ERRORS}),
    }

    def get(self) -> None:
        age = self.ctx.settings.key_max_age_days
        self.write_json({"results": [key_json(k, age) for k in key_service.list_keys(self.principal.user)]})

    def post(self) -> None:
        body = self.json_body()
        new = key_service.create_key(
            self.principal.user, body.get("name"), mode=body.get("mode", self.default_mode()),
            scopes=body.get("scopes"), expires_days=whole(body.get("expires_days")),
            rate_limit=whole(body.get("rate_limit")), ip=self.client_ip(), policy=self.policy(),
        )
        age = self.ctx.settings.key_max_age_days
        self.write_json({**key_json(new.record, age), "key": new.secret}, status=201)


class KeyHandler(ApiHandler):
    route_name = "key"
    operations = {
        "GET": Operation("getKey", "One key", "keys:read", parameters=(ID_PARAM,),
                         responses={"200": ok("Key", ref("Key")), **AUTH_ERRORS, "404": error("No such key")}),
        "DELETE": Operation("revokeKey", "Revoke a key", "keys:write", parameters=(ID_PARAM,),
                            responses={"204": ok("Revoked"), **AUTH_ERRORS, "404": error("No such key")}),
    }

    def get(self, key_id: str) -> None:
        key = key_service.get_key(self.principal.user, key_id)
        self.write_json(key_json(key, self.ctx.settings.key_max_age_days))

    def delete(self, key_id: str) -> None:
        key = key_service.get_key(self.principal.user, key_id)
        key_service.revoke_key(key, actor=self.principal.user, ip=self.client_ip())
        self.set_status(204)
        self.finish()


class KeyRotateHandler(KeyWriter):
    route_name = "key_rotate"
    operations = {"POST": Operation(
        "rotateKey", "Issue a successor; the old key expires after a grace period", "keys:write",
        parameters=(ID_PARAM,), body_required=False,
        body={"type": "object", "properties": {"grace_hours": {"type": "integer", "minimum": 0, "maximum": 720,
                                                               "default": 24}}, "additionalProperties": False},
        responses={"201": ok("Successor", ref("NewKey")), **BODY_ERRORS, **AUTH_ERRORS, "404": error("No such key")},
    )}

    def post(self, key_id: str) -> None:
        body = self.json_body(required=False)
        key = key_service.get_key(self.principal.user, key_id)
        grace = whole(body.get("grace_hours", self.ctx.settings.rotation_grace_hours))
        new = key_service.rotate_key(key, grace_hours=grace, actor=self.principal.user, ip=self.client_ip(),
                                     policy=self.policy())
        key = ApiKey.get_by_id(key.id)
        age = self.ctx.settings.key_max_age_days
        self.write_json({**key_json(new.record, age), "key": new.secret, "previous": key_json(key, age)}, status=201)
