"""The OpenAPI document says every answer the API can give, errors included."""

from typing import Any

from django.utils.translation import gettext as _

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}


# Integer bounds Django takes from the database in use (SQLite and PostgreSQL differ); the
# document should not depend on it.
DATABASE_BOUNDS = {32767, 2147483647, 9223372036854775807, -32768, -2147483648}
DATABASE_BOUNDS |= {-9223372036854775808}


def _without_database_bounds(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "integer":
            for key in ("maximum", "minimum"):
                if node.get(key) in DATABASE_BOUNDS:
                    del node[key]
            if node.get("format") == "int64" and "maximum" not in node:
                del node["format"]
        for value in node.values():
            _without_database_bounds(value)
    elif isinstance(node, list):
        for value in node:
            _without_database_bounds(value)


def document_errors(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """Add the error answers DRF gives to every operation (400, 401, 403, 404, 405), and say
    that reading needs no login. Writes that name a version document 409, 412 and 428 on
    their own (koers.api.views.WRITE_ERRORS)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    reference = {"$ref": "#/components/schemas/Error"}
    descriptions = {
        "400": _("The request is not valid; the answer says which field and why."),
        "401": _("Writing needs a token: Authorization: Token ..."),
        "403": _("The user's role does not allow this."),
        "404": _("Not found."),
        "405": _("This method is not allowed here."),
    }
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = ["400", "404"] if method == "get" else list(descriptions)
            if method == "get" and {} not in operation.get("security", [{}]):
                operation["security"].append({})  # reading needs no login
            for code in codes:
                operation["responses"].setdefault(
                    code,
                    {
                        "description": str(descriptions[code]),
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    _without_database_bounds(result)
    return result
