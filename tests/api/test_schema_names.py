"""Every model of the API's schema has a name of its own: two apps' classes of one name (belt's and
challenges' AgreementOut) were merged into one OpenAPI component, and the schema then described one
app's answers with the other's fields (schemathesis caught it as a response violating the schema)."""

from ninja import Schema


def _models(annotation, out: set):
    origin_args = getattr(annotation, "__args__", ()) or ()
    for arg in origin_args:
        _models(arg, out)
    if isinstance(annotation, type) and issubclass(annotation, Schema) and annotation not in out:
        out.add(annotation)
        for field in annotation.model_fields.values():
            _models(field.annotation, out)


def test_no_two_schema_classes_share_a_name():
    from innobelt.api.urls import api

    found: set = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in getattr(operation, "response_models", {}).values():
                    _models(model, found)
                for model in getattr(operation, "models", []) or []:
                    _models(model, found)
    by_name: dict[str, set] = {}
    for model in found:
        by_name.setdefault(model.__name__, set()).add(f"{model.__module__}.{model.__qualname__}")
    assert len(found) > 50
    clashes = {name: sorted(where) for name, where in by_name.items() if len(where) > 1}
    assert not clashes, clashes
