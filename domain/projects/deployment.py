"""The Deployment aggregate: one release, hotfix or rollback put on an environment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit
from uuid import UUID

from domain.aggregate import BatonAggregate
from domain.context import CommandContext
from domain.delivery.values import one_of, required
from domain.errors import InvalidInput, RuleViolation


class Environment(StrEnum):
    """Where a deployment went."""

    PRODUCTION = "production"
    STAGING = "staging"
    DEVELOPMENT = "development"


class DeploymentKind(StrEnum):
    """What a deployment was."""

    RELEASE = "release"
    HOTFIX = "hotfix"
    ROLLBACK = "rollback"


@dataclass(frozen=True)
class NewDeployment:
    """What recording a deployment takes; ``deployed_at`` defaults to the command's time."""

    project_id: UUID
    environment: Environment
    url: str
    version_tag: str
    kind: DeploymentKind = DeploymentKind.RELEASE
    deployed_at: datetime | None = None
    notes: str = ""


class NotYetDeployed(RuleViolation):
    """A deployment's time is later than now: it cannot be recorded before it happens."""

    title = "Deployment not yet happened"


def checked_url(url: str) -> str:
    """An absolute http(s) address."""
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
        raise InvalidInput(f"'{text}' is not an http(s) address such as https://example.com.")
    return text


class Deployment(BatonAggregate):
    """A fact about what runs where: its own record, so recording one never waits on a project edit."""

    TOPIC = "baton.project.Deployment"

    class Event(BatonAggregate.Event):
        """Base of the deployment's events."""

    class DeploymentRecorded(Event, BatonAggregate.Created):
        """Someone on the team recorded a deployment of the project."""

        TOPIC = "baton.project.DeploymentRecorded"
        project_id: str
        environment: str
        url: str
        version_tag: str
        kind: str
        deployed_at: datetime
        notes: str

    Created = DeploymentRecorded

    def __init__(  # noqa: PLR0913
        self,
        project_id: str,
        environment: str,
        url: str,
        version_tag: str,
        kind: str,
        deployed_at: datetime,
        notes: str,
    ) -> None:
        self.project_id = project_id
        self.environment = environment
        self.url = url
        # Not ``version``: that is the aggregate's own version number.
        self.version_tag = version_tag
        self.kind = kind
        self.deployed_at = deployed_at
        self.notes = notes

    @classmethod
    def record(cls, ctx: CommandContext, deployment_id: UUID, deployment: NewDeployment) -> Deployment:
        """Record a deployment (the command checks who may); it cannot be in the future."""
        deployed_at = deployment.deployed_at or ctx.now
        if deployed_at.tzinfo is None:
            raise InvalidInput("A deployment's time needs a timezone (for example 2026-03-02T09:00:00+00:00).")
        if deployed_at > ctx.now:
            raise NotYetDeployed(f"A deployment cannot be recorded before it happens ({deployed_at.isoformat()}).")
        recorded: Deployment = cls._start(
            cls.DeploymentRecorded,
            ctx,
            deployment_id,
            project_id=str(deployment.project_id),
            environment=one_of(Environment, deployment.environment, "deployment environment").value,
            url=checked_url(deployment.url),
            version_tag=required(deployment.version_tag, "A deployment needs the version or tag that was deployed."),
            kind=one_of(DeploymentKind, deployment.kind, "kind of deployment").value,
            deployed_at=deployed_at,
            notes=deployment.notes.strip(),
        )
        return recorded
