"""The OpenAPI document promises what the API answers: every error as problem+json, with its headers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.contract import PROBLEM_REF
from api.problems import PROBLEM_JSON

OWN_ERROR_BODY = {("/readyz", "get", "503")}  # readiness answers its report, not a problem


@pytest.fixture(scope="module")
def app() -> FastAPI:
    return create_app(SimpleNamespace(settings=SimpleNamespace(max_body_bytes=1024)))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def document(app: FastAPI) -> dict[str, Any]:
    return app.openapi()


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, ops in document["paths"].items() for method, op in ops.items()]


def test_every_error_answer_is_a_problem_document(document: dict[str, Any]) -> None:
    wrong = [
        (path, method, status)
        for path, method, op in operations(document)
        for status, answer in op["responses"].items()
        if int(status) >= 400
        and (path, method, status) not in OWN_ERROR_BODY
        and answer.get("content") != {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}}
    ]
    assert wrong == []
    problem = document["components"]["schemas"]["Problem"]
    assert set(problem["properties"]) == {"type", "title", "status", "detail", "errors", "error_count"}


def test_signed_in_operations_document_401_with_its_challenge_and_the_others_do_not(document: dict[str, Any]) -> None:
    for path, method, op in operations(document):
        guarded = bool(op.get("security"))
        if guarded:
            assert "WWW-Authenticate" in op["responses"]["401"]["headers"], (path, method)
        elif path not in ("/auth/login", "/webhooks/inbound-email"):  # wrong credentials, or an unsigned email
            assert "401" not in op["responses"], (path, method)


def test_throttled_and_unavailable_answers_document_retry_after(document: dict[str, Any]) -> None:
    for path, method, op in operations(document):
        for status in ("429", "503"):
            if status in op["responses"] and (path, method, status) not in OWN_ERROR_BODY:
                assert op["responses"][status]["headers"]["Retry-After"]["required"], (path, method, status)


def test_updates_document_a_stale_if_match_as_412(document: dict[str, Any]) -> None:
    for path, method, op in operations(document):
        takes_if_match = any(p["name"] == "if-match" for p in op.get("parameters", []))
        assert takes_if_match == ("412" in op["responses"]), (path, method)


def test_date_filters_are_rfc_3339_strings(document: dict[str, Any]) -> None:
    params = {p["name"]: p["schema"] for p in document["paths"]["/leads"]["get"]["parameters"]}
    for name in ("created_from", "created_to"):
        assert {"type": "string", "format": "date-time"} in params[name]["anyOf"]
        assert all(variant["type"] in ("string", "null") for variant in params[name]["anyOf"])


@pytest.mark.parametrize(
    ("path", "allowed"),
    [("/me", "GET, PATCH"), ("/auth/invitations/abc", "GET, POST"), ("/leads", "GET, POST")],
)
def test_an_unsupported_method_answers_405_allowing_every_method_of_the_path(
    app: FastAPI, path: str, allowed: str
) -> None:
    answer = TestClient(app).request("OPTIONS", path)
    assert (answer.status_code, answer.headers["allow"]) == (405, allowed)
    assert answer.headers["content-type"] == PROBLEM_JSON


def test_no_two_models_share_a_name_so_generated_clients_can_resolve_every_schema(document: dict[str, Any]) -> None:
    # FastAPI names clashing models `api__<module>__Name`, which client generators cannot resolve:
    # give each slice's models names of their own (HandoffContactOut, not a second ContactOut).
    clashing = sorted(name for name in document["components"]["schemas"] if "__" in name)
    assert clashing == []


def _patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            yield node["pattern"]
        for value in node.values():
            yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


def test_patterns_use_no_class_whose_meaning_depends_on_the_regex_engine(document: dict[str, Any]) -> None:
    # \s, \w, \d and \b mean other sets in JavaScript (a client), Rust (pydantic) and Python (the domain):
    # a value one accepts would be refused by another. Patterns spell their sets out (domain.contact_details.SPACE).
    engine_dependent = re.compile(r"(?<!\\)(?:\\\\)*\\[sSwWdDbB]")
    found = sorted({p for p in _patterns(document) if engine_dependent.search(p)})
    assert found == [], found
