"""The emulator's OpenAPI document is valid and describes what the emulator answers."""

import re

import pytest
from openapi_spec_validator import validate


@pytest.fixture(scope="module")
def document(server):
    import httpx

    r = httpx.get(server.base_url + "/_emulator/openapi.json", timeout=30)
    assert r.status_code == 200
    return r.json()


def operations(document):
    for path, ops in document["paths"].items():
        for method, op in ops.items():
            yield path, method, op


def test_document_is_valid_openapi(document):
    validate(document)  # raises on the first error (e.g. an undeclared path parameter)
    assert document["openapi"].startswith("3.")


def test_hooks_are_left_out(document):
    assert not [p for p in document["paths"] if p.startswith("/_emulator")]
    assert len(list(operations(document))) >= 90


def test_every_path_parameter_is_declared(document):
    for path, method, op in operations(document):
        declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "path" and p["required"]}
        assert declared == set(re.findall(r"{([^}]+)}", path)), (method, path, declared)


def test_errors_use_the_dms_error_body(document):
    error = document["components"]["schemas"]["Error"]
    assert error["required"] == ["error_code", "error_msg"]
    assert "HTTPValidationError" not in document["components"]["schemas"]
    for path, method, op in operations(document):
        assert "422" not in op["responses"], (method, path)
        for code in ("400", "401", "404"):
            schema = op["responses"][code]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}, (method, path, code)


def test_success_answers_and_bodies(document):
    ops = {(m, p): op for p, m, op in operations(document)}
    assert set(ops[("delete", "/v2/{project_id}/instances/{instance_id}")]["responses"]) >= {"204"}
    assert "201" in ops[("post", "/v3/auth/tokens")]["responses"]
    assert "text/plain" in ops[("post", "/v2/{project_id}/kafka/instances/{instance_id}/group")]["responses"]["200"][
        "content"]
    create = ops[("post", "/v2/{project_id}/instances/{instance_id}/topics")]
    assert create["requestBody"]["required"] is True
    assert create["requestBody"]["content"]["application/json"]["schema"]["type"] == "object"
    ids = [op["operationId"] for op in ops.values()]
    assert len(ids) == len(set(ids))
    assert not document["paths"]["/v3/auth/tokens"]["post"]["security"]
    assert document["security"] == [{"iamToken": []}]


def test_query_parameters_read_by_handlers_are_declared(document):
    listing = document["paths"]["/v2/{project_id}/instances/{instance_id}/topics"]["get"]
    query = {p["name"]: p for p in listing["parameters"] if p["in"] == "query"}
    assert set(query) == {"offset", "limit"}
    assert not query["limit"]["required"]
