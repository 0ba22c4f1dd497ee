"""A project's documents: upload (type and size checked, stored by content), list, read, download, share, delete."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated
from uuid import UUID

from fastapi import File, Form, Query, Response, UploadFile, status
from fastapi.responses import FileResponse
from starlette.types import Scope

from api.contract import resource_router
from api.deps import CommandCtx, ExpectedVersion, ReadConn, commands
from api.deps import ContainerDep as Container
from api.policy import ReaderScope, performs
from api.problems import ProblemError
from api.projects.files import HEAD, FileStore, FileTooLarge, looks_like
from api.projects.record_schemas import DocumentAtVersionOut, DocumentOut, DocumentPageOut, DocumentVisibilityChange
from api.projects.routes import document_links
from api.reads import MinPosition, wait_for_view
from api.schemas import ETAG, LOCATION, NO_NUL, CommandOut, Cursor, json_response, out
from api.services import Services
from domain.projects import Document, NewDocument, Project, Visibility
from domain.projects.document import CONTENT_TYPES
from domain.projects.record_commands import DocumentCommands
from projections.delivery.project_queries import project_row
from projections.delivery.record_queries import get_document, list_documents

router = resource_router("", "documents")
READ, WRITE = [performs("documents.read")], [performs("documents.write")]
VIEW = "project_records"
Documents = Annotated[DocumentCommands, commands(DocumentCommands)]
_BINARY = {"schema": {"type": "string", "format": "binary"}}
FILE_ANSWER: dict[int | str, dict[str, object]] = {
    200: {
        "description": "The file, with its name in Content-Disposition",
        "content": dict.fromkeys(sorted(CONTENT_TYPES), _BINARY),
    }
}
ALLOWED = "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, GIF or WebP"
UPLOAD_PATH = re.compile(r"^/projects/[^/]+/documents$")
# Room for the multipart envelope around the file (boundaries, part headers, the form fields).
ENVELOPE_BYTES = 64 * 1024


def upload_body_limit(container: Services) -> Callable[[Scope], int | None]:
    """The body limit of a document upload (the largest document and its envelope); None for other requests."""

    def limit(scope: Scope) -> int | None:
        if scope.get("method") == "POST" and UPLOAD_PATH.match(str(scope.get("path", ""))):
            return int(container.settings.document_max_bytes) + ENVELOPE_BYTES
        return None

    return limit


def store(container: Services) -> FileStore:
    """Where this deployment keeps documents' bytes: the configured folder, or ``<data_dir>/files``."""
    settings = container.settings
    return FileStore(Path(settings.files_dir) if settings.files_dir else Path(settings.data_dir) / "files")


@router.post(
    "/projects/{project_id}/documents",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandOut,
    dependencies=WRITE,
    responses={201: {"headers": LOCATION}},
)
def upload_document(  # noqa: PLR0913
    project_id: UUID,
    file: Annotated[UploadFile, File(description=f"The file: {ALLOWED}; its part's Content-Type names its type")],
    ctx: CommandCtx,
    container: Container,
    documents: Documents,
    response: Response,
    visibility: Annotated[
        Visibility, Form(description="`client` shares it with the client's users")
    ] = Visibility.INTERNAL,
    name: Annotated[
        str | None, Form(max_length=200, pattern=NO_NUL, description="Default: the file's own name")
    ] = None,
) -> CommandOut:
    """Upload a document to a project as multipart form data (admins and the project's manager)."""
    # Who may upload is checked before a byte is stored.
    documents.load(Project, project_id).require_manager(ctx, "upload documents")
    content_type = (file.content_type or "").split(";")[0].strip().lower()
    if content_type not in CONTENT_TYPES:
        raise ProblemError(
            422,
            "File type not allowed",
            f"Files of type '{content_type or 'unknown'}' cannot be shared: use {ALLOWED}.",
        )
    head = file.file.read(HEAD)
    if not head:
        raise ProblemError(422, "Empty file", "The file is empty: there is nothing to share.")
    if not looks_like(content_type, head):
        raise ProblemError(422, "File type mismatch", f"The file's contents are not a valid '{content_type}' file.")
    file.file.seek(0)
    limit = container.settings.document_max_bytes
    try:
        stored = store(container).keep(file.file, limit)
    except FileTooLarge:
        raise ProblemError(413, "Document too large", f"A document can be at most {limit} bytes.") from None
    title = (name or "").strip() or (file.filename or "").strip() or f"document-{stored.sha256[:8]}"
    document = NewDocument(project_id, title[:200], content_type, stored.size, stored.sha256, visibility)
    result = documents.upload(ctx, document)
    response.headers["Location"] = f"/documents/{result.id}"
    return out(result)


@router.get("/projects/{project_id}/documents", response_model=DocumentPageOut, dependencies=READ)
def list_project_documents(  # noqa: PLR0913
    project_id: UUID,
    container: Container,
    conn: ReadConn,
    scope: ReaderScope,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Response:
    """A project's documents, newest first (client users: client-facing ones only; deleted ones never)."""
    wait_for_view(conn, container, VIEW, min_position)
    if project_row(conn, scope, project_id) is None:
        raise ProblemError(404, "Not found", f"No project with id {project_id}.")
    page = list_documents(conn, scope, project_id, limit=limit, cursor=cursor)
    return json_response(
        DocumentPageOut.model_validate({"items": document_links(page.items), "next_cursor": page.next_cursor})
    )


@router.get(
    "/documents/{document_id}",
    response_model=DocumentOut | DocumentAtVersionOut,
    dependencies=READ,
    responses={200: {"headers": ETAG}},
)
def read_document(  # noqa: PLR0913
    document_id: UUID,
    container: Container,
    conn: ReadConn,
    scope: ReaderScope,
    documents: Documents,
    version: Annotated[
        int | None, Query(ge=1, description="The document's description as it was at this version")
    ] = None,
    min_position: MinPosition = None,
) -> Response:
    """A document's description; with `version`, as it stood then."""
    wait_for_view(conn, container, VIEW, min_position)
    row = get_document(conn, scope, document_id)
    if row is None:
        raise ProblemError(404, "Not found", f"No document with id {document_id}.")
    if version is not None:
        document = documents.load(Document, document_id, version=version)
        at = DocumentAtVersionOut(
            id=document.id,
            version=document.version,
            as_of=document.modified_on,
            project_id=document.project_id,
            name=document.name,
            content_type=document.content_type,
            size=document.size,
            sha256=document.sha256,
            visibility=Visibility(document.visibility),
            deleted=document.deleted,
        )
        return json_response(at)
    (shown,) = document_links([row])
    return json_response(DocumentOut.model_validate(shown), headers={"ETag": f'"{row["version"]}"'})


@router.get("/documents/{document_id}/content", response_class=Response, dependencies=READ, responses=FILE_ANSWER)
def download_document(
    document_id: UUID, container: Container, conn: ReadConn, scope: ReaderScope, min_position: MinPosition = None
) -> Response:
    """Download a document: the file streamed with its name and type."""
    wait_for_view(conn, container, VIEW, min_position)
    row = get_document(conn, scope, document_id)
    if row is None:
        raise ProblemError(404, "Not found", f"No document with id {document_id}.")
    path = store(container).path_of(row["sha256"])
    if not path.is_file():
        raise ProblemError(404, "Not found", f"The file of document {document_id} is missing from storage.")
    return FileResponse(path, media_type=row["content_type"], filename=row["name"])


@router.post("/documents/{document_id}/visibility", response_model=CommandOut, dependencies=WRITE)
def change_document_visibility(
    document_id: UUID, body: DocumentVisibilityChange, ctx: CommandCtx, documents: Documents, expected: ExpectedVersion
) -> CommandOut:
    """Share a document with the client (`client`), or make it `internal` again."""
    return out(documents.change_visibility(ctx, document_id, body.visibility, expected_version=expected))


@router.delete("/documents/{document_id}", response_model=CommandOut, dependencies=WRITE)
def delete_document(
    document_id: UUID,
    ctx: CommandCtx,
    documents: Documents,
    expected: ExpectedVersion,
    reason: Annotated[str, Query(max_length=2_000, pattern=NO_NUL, description="Why it was deleted")] = "",
) -> CommandOut:
    """Delete a document: hidden from every view; the audit keeps its record."""
    return out(documents.delete(ctx, document_id, reason=reason, expected_version=expected))
