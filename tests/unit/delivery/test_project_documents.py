"""A project's documents: who shares them, what a file's description must hold, and deletion that hides."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.errors import InvalidInput, NotPermitted, RuleViolation
from domain.projects import Document, NewDocument, Visibility
from tests.unit.delivery.agency import Agency

HASH = "ab" * 32


def document(project_id: UUID, **fields: object) -> NewDocument:
    values: dict[str, object] = {
        "project_id": project_id,
        "name": "Scope.pdf",
        "content_type": "application/pdf",
        "size": 2048,
        "sha256": HASH,
    }
    return NewDocument(**{**values, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize("part", ["admin", "manager"])
def test_document_is_recorded_with_its_hash_when_the_manager_or_an_admin_uploads_it(agency: Agency, part: str) -> None:
    new = document(agency.project(), content_type="Application/PDF; charset=binary", sha256=HASH.upper())
    loaded = agency.app.load(Document, agency.documents.upload(agency.as_(part), new).id)
    assert (loaded.name, loaded.content_type, loaded.size, loaded.sha256, loaded.visibility) == (
        "Scope.pdf",
        "application/pdf",
        2048,
        HASH,
        "internal",
    )


@pytest.mark.parametrize("part", ["member", "outsider", "client"])
def test_upload_is_refused_when_the_actor_does_not_run_the_project(agency: Agency, part: str) -> None:
    with pytest.raises(NotPermitted, match="upload documents"):
        agency.documents.upload(agency.as_(part), document(agency.project()))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"content_type": "application/x-msdownload"}, "cannot be shared"),
        ({"content_type": "image/svg+xml"}, "cannot be shared"),
        ({"size": 0}, "empty"),
        ({"sha256": "abc"}, "64 hexadecimal"),
        ({"name": " "}, "file name"),
        ({"visibility": "public"}, "not a visibility"),
    ],
)
def test_upload_is_refused_when_the_file_description_is_wrong(
    agency: Agency, fields: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        agency.documents.upload(agency.as_("manager"), document(agency.project(), **fields))


def test_document_is_shared_and_deleted_when_the_manager_decides(agency: Agency) -> None:
    document_id = agency.documents.upload(agency.as_("manager"), document(agency.project())).id
    with pytest.raises(NotPermitted):
        agency.documents.change_visibility(agency.as_("member"), document_id, Visibility.CLIENT)
    agency.documents.change_visibility(agency.as_("manager"), document_id, Visibility.CLIENT)
    with pytest.raises(RuleViolation, match="already is client"):
        agency.documents.change_visibility(agency.as_("manager"), document_id, Visibility.CLIENT)
    before = agency.head()
    agency.documents.delete(agency.as_("admin"), document_id, reason="Superseded")
    assert agency.topics_since(before) == ["baton.project.DocumentDeleted"]
    loaded = agency.app.load(Document, document_id)
    assert (loaded.deleted, loaded.visibility) == (True, "client")
    with pytest.raises(RuleViolation, match="was deleted"):
        agency.documents.delete(agency.as_("admin"), document_id)
