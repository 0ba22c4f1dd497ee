"""Profile pictures: decoded and re-encoded (avatar_image.py), size capped, kept out of the event log."""

from __future__ import annotations

import hashlib
from uuid import UUID

from api.identity.avatar_image import MAX_AVATAR_BYTES, reencoded
from api.identity.base import IdentityDeps, RequestMeta
from domain.application import CommandResult

__all__ = ["MAX_AVATAR_BYTES", "Avatars"]


class Avatars:
    """Stores avatar images and records the change on the user."""

    def __init__(self, deps: IdentityDeps) -> None:
        self.deps = deps

    def set(self, user_id: UUID, data: bytes, meta: RequestMeta) -> CommandResult:
        content_type, data = reencoded(data)
        digest = hashlib.sha256(data).hexdigest()[:16]
        user = self.deps.users.get(user_id)
        with self.deps.pool.connection() as conn, conn.transaction():
            conn.execute(
                "INSERT INTO identity_avatars (user_id, content_type, image, digest, updated_at)"
                " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (user_id) DO UPDATE SET content_type = EXCLUDED.content_type,"
                " image = EXCLUDED.image, digest = EXCLUDED.digest, updated_at = EXCLUDED.updated_at",
                (user_id, content_type, data, digest, self.deps.clock()),
            )
            ctx = self.deps.as_user(user_id, user.role.value, meta)
            return self.deps.users.update_profile(ctx, user_id, avatar=digest)

    def get(self, user_id: UUID) -> tuple[str, bytes] | None:
        with self.deps.pool.connection() as conn:
            row = conn.execute(
                "SELECT content_type, image FROM identity_avatars WHERE user_id = %s", (user_id,)
            ).fetchone()
        return None if row is None else (row[0], bytes(row[1]))
