"""OpenAPI links between operations, derived from the paths so that they grow with the API.

A link tells a client (and schemathesis' stateful runs) that a value in one response is a
parameter of another operation: POST /events answers 201 with the new event, whose `id` is the
`{event_id}` of GET /events/{event_id}. Nothing is listed by hand; `add_links` derives them:

- Sources: every POST whose 201 response is an object schema (the thing created), and every GET
  of a collection whose 200 response lists objects (a JSON array, or a page with `items`): its
  first item links on like a created object, so sequences also start from existing data.
- Item paths: a path up to one of its parameters, `<collection>/{param}`, that is the object's
  home when
    * the collection is the source's own path (POST /events → /events/{event_id}; the nested
      POST /events/{event_id}/rooms → /events/{event_id}/rooms/{room_id}), or
    * its GET answers the same schema (POST /resources/{resource_id}/requests →
      /access-requests/{request_id}, both AccessRequestDetailOut), or
    * the parameter is named after the object's schema: ClaimOut → `claim_id`,
      EventDetailOut → `event_id` (our schemas are `<Thing>Out` / `<Thing>DetailOut`).
- The parameter's value comes from the object: its property of the same name (`slug`), else
  its `id` for a `…_id` parameter of the same type.
- Targets: every operation on the item path or below it whose path parameters are all known:
  the new one, plus the source's own path parameters (passed on from the request).
Each link is named after its target's operationId.
"""

import re

_PARAM = re.compile(r"^\{(.+)\}$")
_SCHEMA_REF = "#/components/schemas/"


def add_links(schema: dict) -> dict:
    """Adds `links` to the 201 of every creating POST and the 200 of every listing GET (in place)."""
    paths = schema.get("paths", {})
    components = schema.get("components", {}).get("schemas", {})
    for path, operations in paths.items():
        listing = not _PARAM.match(path.rsplit("/", 1)[1])
        for method, status in (("post", 201), ("get", 200)):
            source = operations.get(method) if method == "post" or listing else None
            response = _response(source, status) if source else None
            found = _object_in(_json_schema(response) or {}, components, listing=method == "get") if response else None
            if found:
                links = _links_for(path, source, *found, paths)
                if links:
                    response["links"] = links
    return schema


def _object_in(schema: dict, components: dict, *, listing: bool) -> tuple[dict, dict, str] | None:
    """The object a response carries: (its schema as written, resolved, JSON pointer to it)."""
    pointer = ""
    if listing:
        resolved = _resolve(schema, components)
        if resolved.get("type") == "object" and "items" in resolved.get("properties", {}):
            resolved, pointer = _resolve(resolved["properties"]["items"], components), "/items"
        if resolved.get("type") != "array" or "items" not in resolved:
            return None
        schema, pointer = resolved["items"], pointer + "/0"
    body = _resolve(schema, components)
    if body.get("type") != "object" or "properties" not in body:
        return None
    return schema, body, pointer


def _links_for(path: str, source: dict, created: dict, body: dict, pointer: str, paths: dict) -> dict:
    own = set(_path_params(source))
    links = {}
    for item in _item_paths(paths):
        param = _PARAM.match(item.rsplit("/", 1)[1]).group(1)
        if not _is_home(item, param, path, created, paths):
            continue
        for target_path, operations in paths.items():
            if target_path != item and not target_path.startswith(item + "/"):
                continue
            for operation in operations.values():
                if operation is source or "operationId" not in operation:
                    continue
                params = _path_params(operation)
                if param not in params or not set(params) <= own | {param}:
                    continue
                value = _value_of(param, params[param], body, pointer)
                if value is None:
                    continue
                parameters = {f"path.{name}": f"$request.path.{name}" for name in params if name != param}
                parameters[f"path.{param}"] = value
                links[operation["operationId"]] = {"operationId": operation["operationId"], "parameters": parameters}
    return links


def _item_paths(paths: dict) -> set[str]:
    """Every path prefix that ends with a parameter: /events/{event_id}/rooms/{room_id} gives
    /events/{event_id} and /events/{event_id}/rooms/{room_id}."""
    items = set()
    for path in paths:
        segments = path.split("/")
        for i, segment in enumerate(segments):
            if _PARAM.match(segment):
                items.add("/".join(segments[: i + 1]))
    return items


def _is_home(item: str, param: str, source_path: str, created: dict, paths: dict) -> bool:
    if item.rsplit("/", 1)[0] == source_path:
        return True
    get = paths.get(item, {}).get("get")
    if get and _json_schema(_response(get, 200) or {}) == created:
        return True
    name = created.get("$ref", "").removeprefix(_SCHEMA_REF)
    stem = re.sub(r"(Detail)?Out$", "", name)
    return bool(stem) and stem != name and param == re.sub(r"(?<!^)(?=[A-Z])", "_", stem).lower() + "_id"


def _value_of(param: str, param_schema: dict, body: dict, pointer: str) -> str | None:
    properties = body["properties"]
    if param in properties:
        return f"$response.body#{pointer}/{param}"
    if param.endswith("_id") and "id" in properties and properties["id"].get("type") == param_schema.get("type"):
        return f"$response.body#{pointer}/id"
    return None


def _response(operation: dict, status: int) -> dict | None:
    responses = operation.get("responses", {})
    return responses.get(status) or responses.get(str(status))  # ints until serialised to JSON


def _json_schema(response: dict) -> dict | None:
    return response.get("content", {}).get("application/json", {}).get("schema")


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema and schema["$ref"].startswith(_SCHEMA_REF):
        schema = components.get(schema["$ref"].removeprefix(_SCHEMA_REF), {})
    return schema


def _path_params(operation: dict) -> dict:
    return {p["name"]: p.get("schema", {}) for p in operation.get("parameters", []) if p.get("in") == "path"}


EDGE_ERRORS = {
    "400": "Bad Request (among others: a NUL character anywhere in the request, refused for every operation)",
    "413": "Content Too Large (the body or a file is over the limit for the path)",
}


def add_edge_errors(schema: dict) -> dict:
    """Documents on every operation the errors that innobelt.web.edge answers before the operation runs:
    400 for NUL characters in the path, query or body, and 413 for a body over its limit (in place)."""
    def documented(status):
        return {"description": EDGE_ERRORS[status], "content": {"application/json": {"schema": {"$ref": f"{_SCHEMA_REF}ErrorOut"}}}}

    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            responses.setdefault("400", documented("400"))
            if "requestBody" in operation:
                responses.setdefault("413", documented("413"))
    return schema
