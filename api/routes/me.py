"""The signed-in user's own account: profile, avatar, password, MFA and sessions."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Body, Request, Response, status

from api.contract import resource_router
from api.deps import ContainerDep, ExpectedVersion
from api.identity.mfa import Proof
from api.policy import performs
from api.principal import AnySession, Meta
from api.problems import ProblemError
from api.routes.user_schemas import (
    BackupCodesOut,
    ChangePasswordIn,
    CodeIn,
    EnrolmentOut,
    MeOut,
    ProfileUpdate,
    ProofIn,
    SessionOut,
)
from api.schemas import ETAG, IMAGE_ANSWER, IMAGE_TYPES, SVG_ANSWER, CommandOut, out
from domain.errors import NotFound, RuleViolation
from domain.identity.errors import NotAuthenticated, TooManyAttempts

router = resource_router("/me", "me")
READ, ENROL, MANAGE = [performs("me.read")], [performs("me.enrol_mfa")], [performs("me.manage")]
# Sensitive changes: the password or a current code confirms it is you; wrong ones are throttled like sign-ins.
CONFIRMED = (NotAuthenticated, TooManyAttempts)
ENROL_CONFIRMED = [performs("me.enrol_mfa", raises=CONFIRMED)]
MANAGE_CONFIRMED = [performs("me.manage", raises=CONFIRMED)]
OptionalProof = Annotated[ProofIn | None, Body(description="Needed only to replace an authenticator already set up")]


def _proof(body: ProofIn | None) -> Proof:
    return Proof(password=body.password or None, code=body.code or None) if body else Proof()


BACKUP_NOTE = "Shown only now. Keep them somewhere safe and offline; each code works once."


@router.get("", response_model=MeOut, dependencies=READ, responses={200: {"headers": ETAG}})
def read_me(principal: AnySession, container: ContainerDep, response: Response) -> MeOut:
    """Your account (also available while you still have to set up MFA)."""
    user = container.users.get(principal.user_id)
    response.headers["ETag"] = f'"{user.version}"'
    return MeOut(
        id=user.id,
        email=user.email,
        name=user.name,
        role=user.role,
        client_id=user.client_id,
        status=user.status.value,
        job_title=user.job_title,
        phone=user.phone,
        has_avatar=bool(user.avatar),
        mfa_enabled=user.mfa_enabled,
        mfa_required=user.mfa_required,
        version=user.version,
    )


@router.patch("", response_model=CommandOut, dependencies=MANAGE)
def update_me(
    body: ProfileUpdate, principal: AnySession, container: ContainerDep, expected: ExpectedVersion, meta: Meta
) -> CommandOut:
    """Change your name, job title or phone (send If-Match with the version you read)."""
    changes = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    ctx = container.identity.deps.as_user(principal.user_id, principal.role.value, meta)
    result = container.users.update_profile(ctx, principal.user_id, expected_version=expected, **changes)
    return out(result)


_IMAGE = {"schema": {"type": "string", "format": "binary"}}


@router.put(
    "/avatar",
    response_model=CommandOut,
    dependencies=MANAGE,
    openapi_extra={"requestBody": {"required": True, "content": dict.fromkeys(IMAGE_TYPES, _IMAGE)}},
)
async def upload_avatar(request: Request, principal: AnySession, container: ContainerDep, meta: Meta) -> CommandOut:
    """Upload your profile picture as the raw body (PNG, JPEG or WebP, at most 512 KB)."""
    data = await request.body()
    result = container.identity.avatars.set(principal.user_id, data, meta)
    return out(result)


@router.get(
    "/avatar", response_class=Response, dependencies=[performs("me.manage", raises=(NotFound,))], responses=IMAGE_ANSWER
)
def read_avatar(principal: AnySession, container: ContainerDep) -> Response:
    """Your profile picture."""
    found = container.identity.avatars.get(principal.user_id)
    if found is None:
        raise ProblemError(404, "Not found", "You have not uploaded a profile picture yet.")
    return Response(content=found[1], media_type=found[0])


@router.post("/password", status_code=status.HTTP_204_NO_CONTENT, dependencies=MANAGE_CONFIRMED)
def change_password(body: ChangePasswordIn, principal: AnySession, container: ContainerDep, meta: Meta) -> Response:
    """Change your password (a wrong current one counts as a failed sign-in); your other sessions end."""
    container.identity.invitations.change_password(
        principal.user_id,
        principal.session_id,
        body.current_password,
        body.new_password,
        body.new_password_confirmation,
        meta,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/mfa/enrolment", response_model=EnrolmentOut, status_code=status.HTTP_201_CREATED, dependencies=ENROL_CONFIRMED
)
def start_mfa_enrolment(
    principal: AnySession, container: ContainerDep, meta: Meta, body: OptionalProof = None
) -> EnrolmentOut:
    """Start MFA set-up: a new secret, its otpauth:// URI and a QR code to scan.

    To replace an authenticator already set up, confirm with your password or a current code;
    the old one keeps working until the new one is confirmed.
    """
    enrolment = container.identity.mfa.start_enrolment(principal.user_id, meta, _proof(body))
    return EnrolmentOut(
        secret=enrolment.secret, provisioning_uri=enrolment.provisioning_uri, qr_code_url="/me/mfa/enrolment/qr.svg"
    )


@router.get(
    "/mfa/enrolment/qr.svg",
    response_class=Response,
    dependencies=[performs("me.enrol_mfa", raises=(RuleViolation,))],
    responses=SVG_ANSWER,
)
def mfa_qr_code(principal: AnySession, container: ContainerDep) -> Response:
    """The QR code of the enrolment in progress, as SVG."""
    svg = container.identity.mfa.qr_svg(principal.user_id)
    return Response(content=svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


@router.post("/mfa/enrolment/confirm", response_model=BackupCodesOut, dependencies=ENROL)
def confirm_mfa_enrolment(body: CodeIn, principal: AnySession, container: ContainerDep, meta: Meta) -> BackupCodesOut:
    """Confirm MFA with a code from your app; answers your 10 backup codes, once."""
    codes = container.identity.mfa.confirm(principal.user_id, principal.session_id, body.code, meta)
    return BackupCodesOut(backup_codes=codes, note=BACKUP_NOTE)


@router.post("/mfa/backup-codes", response_model=BackupCodesOut, dependencies=MANAGE_CONFIRMED)
def regenerate_backup_codes(
    body: ProofIn, principal: AnySession, container: ContainerDep, meta: Meta
) -> BackupCodesOut:
    """Replace your backup codes with 10 new ones, confirming with your password or a current code."""
    codes = container.identity.mfa.regenerate_backup_codes(principal.user_id, meta, _proof(body))
    return BackupCodesOut(backup_codes=codes, note=BACKUP_NOTE)


@router.post("/mfa/reset", response_model=CommandOut, dependencies=MANAGE_CONFIRMED)
def reset_own_mfa(body: ProofIn, principal: AnySession, container: ContainerDep, meta: Meta) -> CommandOut:
    """Remove your own MFA, confirming with your password or a current code; your other sessions end.

    Staff must set it up again: this session can then only enrol (POST /me/mfa/enrolment).
    """
    result = container.identity.mfa.reset_own(principal.user_id, principal.session_id, meta, _proof(body))
    return out(result)


@router.get("/sessions", response_model=list[SessionOut], dependencies=MANAGE)
def list_sessions(principal: AnySession, container: ContainerDep) -> list[SessionOut]:
    """Your open sessions, newest first."""
    return [
        SessionOut(
            id=s.id,
            created_at=s.created_at,
            last_seen_at=s.last_seen_at,
            address=s.address,
            user_agent=s.user_agent,
            current=s.id == principal.session_id,
        )
        for s in container.identity.sessions.open_sessions(principal.user_id)
    ]


@router.delete("/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=MANAGE)
def revoke_session(session_id: UUID, principal: AnySession, container: ContainerDep, meta: Meta) -> Response:
    """End one of your sessions (for example on a lost laptop)."""
    ctx = container.identity.deps.as_user(principal.user_id, principal.role.value, meta)
    ended = container.identity.sessions.end(ctx, principal.user_id, "revoked by the user", only=session_id)
    if not ended:
        raise ProblemError(404, "Not found", f"You have no open session with id {session_id}.")
    return Response(status_code=status.HTTP_204_NO_CONTENT)
