"""Document uploads fuzzed against a real server: wrong types, mismatched contents, empty and oversize files.

Every refusal is a problem document (413 or 422, never a 5xx), stores no byte and
records no event; the files that pass are stored once per content.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.projects.document import CONTENT_TYPES
from tests.builders.schemas import fresh_schema
from tests.e2e.server import start_server
from tests.robustness.staff_token import SERVER_ENV, staff_headers

LIMIT = 4_096
PDF = b"%PDF-1.7\n"
FOREIGN_TYPES = ["text/html", "image/svg+xml", "application/octet-stream", "application/x-msdownload", "text/plain"]


@dataclass(frozen=True)
class Target:
    base_url: str
    headers: dict[str, str]
    project: str
    files: Path

    def upload(self, data: bytes, content_type: str, name: str = "file.bin") -> httpx.Response:
        return httpx.post(
            f"{self.base_url}/projects/{self.project}/documents",
            files={"file": (name, data, content_type)},
            headers=self.headers,
            timeout=30,
        )

    def stored(self) -> set[str]:
        return {p.name for p in self.files.rglob("*") if p.is_file()}

    def documents(self) -> int:
        page = httpx.get(
            f"{self.base_url}/projects/{self.project}/documents?limit=200", headers=self.headers, timeout=10
        )
        return len(page.json()["items"])


@pytest.fixture(scope="module")
def target(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    files = tmp_path_factory.mktemp("files")
    env = {**SERVER_ENV, "BATON_DOCUMENT_MAX_BYTES": str(LIMIT), "BATON_FILES_DIR": str(files)}
    with fresh_schema(database_url) as schema:
        headers = staff_headers(database_url, schema)
        with start_server(database_url, schema, env, ready_timeout=120) as server:
            me = httpx.get(f"{server.base_url}/me", headers=headers, timeout=10).json()["id"]
            client = httpx.post(
                f"{server.base_url}/clients",
                json={"company_name": "Fuzz Ltd", "account_manager_id": me},
                headers=headers,
                timeout=10,
            ).json()["id"]
            project = httpx.post(
                f"{server.base_url}/projects",
                json={"name": "Uploads", "client_id": client, "manager_id": me},
                headers=headers,
                timeout=10,
            ).json()["id"]
            yield Target(server.base_url, headers, project, files)


def refused(response: httpx.Response, status: int, title: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["title"] == title


FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(data=st.binary(min_size=1, max_size=LIMIT), content_type=st.sampled_from(FOREIGN_TYPES))
def test_a_type_not_allowed_is_refused_and_nothing_is_kept_when_uploaded(
    target: Target, data: bytes, content_type: str
) -> None:
    before = target.stored()
    refused(target.upload(data, content_type), 422, "File type not allowed")
    assert target.stored() == before


@FUZZ
@given(data=st.binary(min_size=1, max_size=LIMIT), content_type=st.sampled_from(sorted(CONTENT_TYPES)))
def test_contents_that_are_not_the_declared_type_are_refused_when_uploaded(
    target: Target, data: bytes, content_type: str
) -> None:
    data = b"\x00" + data  # no real file of any allowed type starts with a NUL byte
    before = target.stored()
    refused(target.upload(data, content_type), 422, "File type mismatch")
    assert target.stored() == before


def test_an_empty_file_is_refused_when_uploaded(target: Target) -> None:
    for content_type in ("application/pdf", "image/png", "text/plain"):
        response = target.upload(b"", content_type)
        assert response.status_code == 422 and response.json()["title"] in ("Empty file", "File type not allowed")
    assert target.stored() == set()


@FUZZ
@given(extra=st.integers(min_value=1, max_value=60_000))
def test_a_file_over_the_limit_is_refused_and_nothing_is_kept_when_uploaded(target: Target, extra: int) -> None:
    before = target.stored()
    response = target.upload(PDF + b"x" * (LIMIT - len(PDF) + extra), "application/pdf")
    refused(response, 413, "Document too large")
    assert target.stored() == before


def test_a_body_far_over_the_limit_is_refused_before_it_is_read_when_uploaded(target: Target) -> None:
    refused(target.upload(PDF + b"x" * (LIMIT + 200_000), "application/pdf"), 413, "Request too large")


def test_good_files_are_kept_once_per_content_and_only_they_are_recorded_when_mixed_with_bad_ones(
    target: Target,
) -> None:
    documents = target.documents()
    good = PDF + b"a real enough document\n%%EOF\n"
    for _ in range(2):
        assert target.upload(good, "application/pdf", "brief.pdf").status_code == 201
    target.upload(b"<script>alert(1)</script>", "text/html")
    target.upload(PDF + b"y" * LIMIT, "application/pdf")
    assert target.documents() == documents + 2
    assert hashlib.sha256(good).hexdigest() in target.stored()
