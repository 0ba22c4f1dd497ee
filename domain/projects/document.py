"""The Document aggregate: a file's description on a project (the bytes are stored elsewhere)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from domain.aggregate import BatonAggregate
from domain.context import CommandContext
from domain.delivery.values import one_of, required
from domain.errors import InvalidInput, RuleViolation

# PDF, office documents (Microsoft and OpenDocument) and common images. SVG is
# left out: it can carry scripts that run when a browser opens it.
CONTENT_TYPES = frozenset(
    {
        "application/pdf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
    }
)
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class Visibility(StrEnum):
    """Who sees a document: staff only, or the client's users too."""

    INTERNAL = "internal"
    CLIENT = "client"


@dataclass(frozen=True)
class NewDocument:
    """A file's description as uploaded; the size limit is the server's setting, checked where bytes arrive."""

    project_id: UUID
    name: str
    content_type: str
    size: int
    sha256: str
    visibility: Visibility = Visibility.INTERNAL


class Document(BatonAggregate):
    """A file shared on a project, internal or client-facing; deleting hides it, the history keeps it."""

    TOPIC = "baton.project.Document"

    class Event(BatonAggregate.Event):
        """Base of the document's events."""

    class DocumentUploaded(Event, BatonAggregate.Created):
        """A file was uploaded to the project; ``sha256`` finds its stored bytes."""

        TOPIC = "baton.project.DocumentUploaded"
        project_id: str
        name: str
        content_type: str
        size: int
        sha256: str
        visibility: str

    Created = DocumentUploaded

    class DocumentVisibilityChanged(Event):
        """The document was shared with the client, or made internal again."""

        TOPIC = "baton.project.DocumentVisibilityChanged"
        visibility: str

        def apply(self, aggregate: Document) -> None:
            aggregate.visibility = self.visibility

    class DocumentDeleted(Event):
        """The document was deleted: views hide it, the history keeps its record."""

        TOPIC = "baton.project.DocumentDeleted"
        reason: str

        def apply(self, aggregate: Document) -> None:
            aggregate.deleted = True

    def __init__(  # noqa: PLR0913
        self, project_id: str, name: str, content_type: str, size: int, sha256: str, visibility: str
    ) -> None:
        self.project_id = project_id
        self.name = name
        self.content_type = content_type
        self.size = size
        self.sha256 = sha256
        self.visibility = visibility
        self.deleted = False

    @classmethod
    def upload(cls, ctx: CommandContext, document_id: UUID, document: NewDocument) -> Document:
        """Record an uploaded file's description (the command checks who may)."""
        content_type = document.content_type.split(";")[0].strip().lower()
        if content_type not in CONTENT_TYPES:
            raise InvalidInput(f"Files of type '{content_type}' cannot be shared: use PDF, office documents or images.")
        if isinstance(document.size, bool) or not isinstance(document.size, int) or document.size <= 0:
            raise InvalidInput("A document cannot be empty.")
        sha256 = document.sha256.strip().lower()
        if not _SHA256.match(sha256):
            raise InvalidInput("A document's sha256 must be 64 hexadecimal characters.")
        uploaded: Document = cls._start(
            cls.DocumentUploaded,
            ctx,
            document_id,
            project_id=str(document.project_id),
            name=required(document.name, "A document needs a file name."),
            content_type=content_type,
            size=document.size,
            sha256=sha256,
            visibility=one_of(Visibility, document.visibility, "visibility").value,
        )
        return uploaded

    def change_visibility(self, ctx: CommandContext, visibility: Visibility) -> None:
        """Share the document with the client, or make it internal again."""
        self._require_present()
        chosen = one_of(Visibility, visibility, "visibility").value
        if chosen == self.visibility:
            raise RuleViolation(f"The document '{self.name}' already is {self.visibility}.")
        self._record(self.DocumentVisibilityChanged, ctx, visibility=chosen)

    def delete(self, ctx: CommandContext, reason: str = "") -> None:
        """Hide the document from every view; the history keeps its record."""
        self._require_present()
        self._record(self.DocumentDeleted, ctx, reason=reason.strip())

    def _require_present(self) -> None:
        if self.deleted:
            raise RuleViolation(f"The document '{self.name}' was deleted.")
