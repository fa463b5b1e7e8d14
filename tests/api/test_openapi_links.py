"""The OpenAPI links that innobelt/api/openapi.py derives from the paths."""

import json

from django.test import Client

from innobelt.api.openapi import add_links


def _op(op_id, *params, status=200, schema=None):
    response = {"description": "OK"}
    if schema is not None:
        response["content"] = {"application/json": {"schema": schema}}
    return {"operationId": op_id, "parameters": [{"in": "path", "name": p, "required": True,
                                                  "schema": {"type": "integer"}} for p in params],
            "responses": {status: response, 404: {"description": "Not Found"}}}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _schema(paths, **components):
    base = {
        "ThingOut": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}},
        "PartOut": {"type": "object", "properties": {"id": {"type": "integer"}}},
        "AskOut": {"type": "object", "properties": {"id": {"type": "integer"}}},
        "DoneOut": {"type": "object", "properties": {"ok": {"type": "boolean"}}},
    }
    return {"openapi": "3.1.0", "paths": paths, "components": {"schemas": {**base, **components}}}


def _links(schema, path, method="post", status=201):
    return schema["paths"][path][method]["responses"][status].get("links", {})


def test_a_created_object_links_to_the_operations_on_its_path():
    schema = add_links(_schema({
        "/things": {"post": _op("create_thing", status=201, schema=_ref("ThingOut"))},
        "/things/{thing_id}": {"get": _op("get_thing", "thing_id", schema=_ref("ThingOut")),
                               "patch": _op("update_thing", "thing_id", schema=_ref("ThingOut"))},
        "/things/{thing_id}/publish": {"post": _op("publish_thing", "thing_id")},
        "/other/{other_id}": {"get": _op("get_other", "other_id")},
    }))
    links = _links(schema, "/things")
    assert links["get_thing"] == {"operationId": "get_thing", "parameters": {"path.thing_id": "$response.body#/id"}}
    assert set(links) == {"get_thing", "update_thing", "publish_thing"}


def test_operations_that_create_nothing_with_an_id_get_no_links():
    schema = add_links(_schema({
        "/things": {"post": _op("do_things", status=201, schema=_ref("DoneOut"))},
        "/jobs": {"post": _op("start_job", status=202, schema=_ref("ThingOut"))},
        "/things/{thing_id}": {"get": _op("get_thing", "thing_id", schema=_ref("ThingOut"))},
        "/jobs/{job_id}": {"get": _op("get_job", "job_id")},
    }))
    assert _links(schema, "/things") == {}
    assert _links(schema, "/jobs", status=202) == {}
    assert _links(schema, "/things/{thing_id}", "get", 200) == {}


def test_a_nested_creation_passes_on_the_parent_id_and_skips_unknown_parameters():
    schema = add_links(_schema({
        "/things": {"post": _op("create_thing", status=201, schema=_ref("ThingOut"))},
        "/things/{thing_id}/parts": {"post": _op("add_part", "thing_id", status=201, schema=_ref("PartOut"))},
        "/things/{thing_id}/parts/{part_id}": {"delete": _op("remove_part", "thing_id", "part_id", status=204)},
    }))
    assert _links(schema, "/things/{thing_id}/parts") == {"remove_part": {
        "operationId": "remove_part",
        "parameters": {"path.thing_id": "$request.path.thing_id", "path.part_id": "$response.body#/id"},
    }}
    # From the thing, `part_id` is unknown: adding a part is linked, removing one is not.
    assert set(_links(schema, "/things")) == {"add_part"}


def test_an_object_created_elsewhere_links_to_its_home_by_schema_or_by_name():
    schema = add_links(_schema({
        "/things/{thing_id}/asks": {"post": _op("ask", "thing_id", status=201, schema=_ref("AskOut"))},
        "/asks/{ask_id}/approve": {"post": _op("approve_ask", "ask_id")},  # by name: AskOut → ask_id
        "/things/{thing_id}/parts": {"post": _op("add_part", "thing_id", status=201, schema=_ref("PartOut"))},
        "/components/{component_id}": {"get": _op("get_component", "component_id", schema=_ref("PartOut"))},
    }))
    assert _links(schema, "/things/{thing_id}/asks")["approve_ask"]["parameters"] == {
        "path.ask_id": "$response.body#/id"}
    assert _links(schema, "/things/{thing_id}/parts")["get_component"]["parameters"] == {
        "path.component_id": "$response.body#/id"}


def test_a_list_links_its_first_item():
    schema = add_links(_schema({
        "/things": {"get": _op("list_things", schema=_ref("ThingPage")),
                    "post": _op("create_thing", status=201, schema=_ref("ThingOut"))},
        "/parts": {"get": _op("list_parts", schema={"type": "array", "items": _ref("PartOut")})},
        "/things/{thing_id}": {"get": _op("get_thing", "thing_id", schema=_ref("ThingOut"))},
        "/parts/{part_id}": {"get": _op("get_part", "part_id", schema=_ref("PartOut"))},
    }, ThingPage={"type": "object", "properties": {"count": {"type": "integer"},
                                                   "items": {"type": "array", "items": _ref("ThingOut")}}}))
    assert _links(schema, "/things", "get", 200)["get_thing"]["parameters"] == {
        "path.thing_id": "$response.body#/items/0/id"}
    assert _links(schema, "/parts", "get", 200)["get_part"]["parameters"] == {"path.part_id": "$response.body#/0/id"}


def test_the_served_schema_has_working_links():
    import schemathesis
    from schemathesis.core.result import Ok
    from schemathesis.specs.openapi.stateful import collect_transitions

    served = json.loads(Client().get("/api/v1/openapi.json").content)
    operations = {op["operationId"]: op for ops in served["paths"].values() for op in ops.values()}
    links = {(source["operationId"], name): link
             for ops in served["paths"].values() for source in ops.values()
             for response in source["responses"].values() for name, link in response.get("links", {}).items()}
    assert ("innobelt_events_api_create_event", "innobelt_events_api_get_event") in links
    assert ("innobelt_resources_api_request_access", "innobelt_resources_api_get_access_request") in links
    for link in links.values():
        target = {p["name"] for p in operations[link["operationId"]].get("parameters", []) if p["in"] == "path"}
        assert {name.removeprefix("path.") for name in link["parameters"]} == target

    schema = schemathesis.openapi.from_dict(served)
    schema.validate()  # against the OpenAPI 3.1 meta-schema
    transitions = collect_transitions([r.ok() for r in schema.get_all_operations() if isinstance(r, Ok)])
    assert sum(len(t.outgoing) for t in transitions.operations.values()) == len(links)
