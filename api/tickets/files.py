"""Files in ticket threads: uploaded first (stored by content, like project documents), then attached by hash.

The bytes live in the same content-addressed store as project documents
(``api.projects.files``). A thread entry records only a file's name, type,
size and SHA-256; a reader downloads it through a ticket whose entry they may
see, so a client can never fetch a file attached to an internal note.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Annotated
from uuid import UUID

from fastapi import File, UploadFile, status
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from psycopg import sql
from pydantic import BaseModel
from starlette.types import Scope as AsgiScope

from api.contract import resource_router
from api.deps import ContainerDep as Container
from api.deps import ReadConn
from api.policy import ReaderScope, performs
from api.problems import ProblemError
from api.projects.documents import ALLOWED, ENVELOPE_BYTES, store
from api.projects.files import HEAD, FileTooLarge, looks_like
from api.services import Services
from api.tickets.schemas import SHA256, TicketAttachmentIn
from domain.projects.document import CONTENT_TYPES
from domain.tickets import Attachment
from domain.tickets.inputs import MAX_ATTACHMENT_BYTES
from domain.tickets.thread import CLIENT_AND_STAFF
from projections.tickets.queries import visible

router = resource_router("", "ticket-files")
UPLOAD_PATHS = re.compile(r"^/(ticket-files|webhooks/inbound-email)$")
_BINARY = {"schema": {"type": "string", "format": "binary"}}
FILE_ANSWER: dict[int | str, dict[str, object]] = {
    200: {
        "description": "The file, with its name in Content-Disposition",
        "content": dict.fromkeys([*sorted(CONTENT_TYPES), "application/octet-stream"], _BINARY),
    }
}


class TicketUploadedFileOut(BaseModel):
    """A stored file: attach it to a ticket, a reply or a note with these four fields."""

    name: str
    content_type: str
    size: int
    sha256: str


def limit_of(container: Services) -> int:
    return min(int(container.settings.document_max_bytes), MAX_ATTACHMENT_BYTES)


def upload_body_limit(container: Services) -> Callable[[AsgiScope], int | None]:
    """The body limit of a ticket file upload and of an inbound email; None for other requests."""

    def limit(scope: AsgiScope) -> int | None:
        if scope.get("method") == "POST" and UPLOAD_PATHS.match(str(scope.get("path", ""))):
            return limit_of(container) + ENVELOPE_BYTES
        return None

    return limit


def checked_attachments(container: Services, attachments: list[TicketAttachmentIn]) -> tuple[Attachment, ...]:
    """The attachments, once each one's bytes are known to be uploaded (with the size the body says)."""
    files = store(container)
    for attachment in attachments:
        path = files.path_of(attachment.sha256)
        if not path.is_file() or path.stat().st_size != attachment.size:
            raise ProblemError(
                422,
                "File not uploaded",
                f"'{attachment.name}' is not stored with that SHA-256 and size: upload it first with POST /ticket-files.",
            )
    return tuple(a.value() for a in attachments)


@router.post(
    "/ticket-files",
    status_code=status.HTTP_201_CREATED,
    response_model=TicketUploadedFileOut,
    dependencies=[performs("tickets.upload")],
)
def upload_ticket_file(
    file: Annotated[UploadFile, File(description=f"The file: {ALLOWED}; its part's Content-Type names its type")],
    container: Container,
) -> TicketUploadedFileOut:
    """Upload a file to attach to a ticket, a message, a reply or a note (as multipart form data)."""
    content_type = (file.content_type or "").split(";")[0].strip().lower()
    if content_type not in CONTENT_TYPES:
        raise ProblemError(
            422,
            "File type not allowed",
            f"Files of type '{content_type or 'unknown'}' cannot be attached: use {ALLOWED}.",
        )
    head = file.file.read(HEAD)
    if not head:
        raise ProblemError(422, "Empty file", "The file is empty: there is nothing to attach.")
    if not looks_like(content_type, head):
        raise ProblemError(422, "File type mismatch", f"The file's contents are not a valid '{content_type}' file.")
    file.file.seek(0)
    limit = limit_of(container)
    try:
        stored = store(container).keep(file.file, limit)
    except FileTooLarge:
        raise ProblemError(413, "File too large", f"A file can be at most {limit} bytes.") from None
    name = (file.filename or "").strip()[:255] or f"file-{stored.sha256[:8]}"
    return TicketUploadedFileOut(name=name, content_type=content_type, size=stored.size, sha256=stored.sha256)


@router.get(
    "/tickets/{ticket_id}/files/{sha256}",
    response_class=FileResponse,
    dependencies=[performs("tickets.read")],
    responses=FILE_ANSWER,
)
def download_ticket_file(
    ticket_id: UUID,
    sha256: Annotated[str, PathParam(pattern=SHA256, description="The file's SHA-256, as attached")],
    container: Container,
    conn: ReadConn,
    scope: ReaderScope,
) -> FileResponse:
    """Download a file attached in a ticket's thread (client users: only from entries they can see)."""
    where = visible(scope)
    audience = "" if scope.is_staff else " AND t.audience = %s"
    query = sql.SQL(
        "SELECT t.attachments FROM ticket_thread t JOIN ticket_queue q ON q.id = t.ticket_id"
        " WHERE t.ticket_id = %s AND position(%s in t.attachments) > 0 AND {}" + audience + " LIMIT 50"
    ).format(where.sql)
    params = (ticket_id, sha256, *where.params, *(() if scope.is_staff else (CLIENT_AND_STAFF,)))
    found = _named(conn.execute(query, params).fetchall(), sha256)
    path = store(container).path_of(sha256)
    if found is None or not path.is_file():
        raise ProblemError(404, "Not found", f"No file {sha256[:12]}... on ticket {ticket_id} that you may see.")
    name, content_type = found
    media = content_type if content_type in CONTENT_TYPES else "application/octet-stream"
    return FileResponse(path, media_type=media, filename=name)


def _named(rows: list[tuple[str]], sha256: str) -> tuple[str, str] | None:
    for (attachments,) in rows:
        for attachment in json.loads(attachments):
            if attachment.get("sha256") == sha256:
                return str(attachment["name"]), str(attachment["content_type"])
    return None


def with_ticket_uploads(
    container: Services, other: Callable[[AsgiScope], int | None]
) -> Callable[[AsgiScope], int | None]:
    """``other``'s larger body limits, and those of ticket uploads and inbound emails."""
    mine = upload_body_limit(container)

    def limit(scope: AsgiScope) -> int | None:
        return other(scope) or mine(scope)

    return limit
