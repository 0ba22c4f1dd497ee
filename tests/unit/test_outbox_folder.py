"""Emails written to the outbox folder hold working links: only Baton's own user may read them."""

from __future__ import annotations

import stat
from email.message import EmailMessage
from pathlib import Path

from processes.mail_transport import FolderTransport


def test_outbox_file_is_readable_by_its_owner_only_when_written(tmp_path: Path) -> None:
    message = EmailMessage()
    message["To"] = "new.hire@example.com"
    message.set_content("http://127.0.0.1:8000/welcome/a-secret-token")
    earlier = tmp_path / "outbox" / "e1.eml"
    earlier.parent.mkdir()
    earlier.write_text("an older copy")
    earlier.chmod(0o644)

    FolderTransport(tmp_path / "outbox").send(message, "e1")

    assert stat.S_IMODE(earlier.stat().st_mode) == 0o600
    assert "a-secret-token" in earlier.read_text()
