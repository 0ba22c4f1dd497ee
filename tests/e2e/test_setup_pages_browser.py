"""The first admin of a real install, in a real browser: the setup link, a password, the QR code, MFA, backup codes.

`baton admin create` prints a link on the server's own port; the page says whom it is for, refuses a
weak password inline, sets a good one, shows a QR code that a screenshot shows rendered, accepts a
code from `oathtool` (pyotp where oathtool is missing, outside CI), shows the backup codes once; the
admin then signs in over the API, and an invitation email sent by the server links to the same port.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyotp

from tests.builders.identity import TEST_SECRET_KEY
from tests.conftest import IN_CI
from tests.e2e.browser import browser_page, dark_share
from tests.e2e.server import ServerHandle, server_env, start_server

EMAIL = "first.admin@example.com"
PASSWORD = "Quiet meadow 7 lanterns"  # spaces included, kept as typed


def admin_create(database_url: str, schema: str, port: str) -> str:
    """The setup link `baton admin create` prints, with BATON_PORT as a real install would have it."""
    env = server_env(database_url, schema, {"BATON_SECRET_KEY": TEST_SECRET_KEY, "BATON_PORT": port})
    run = subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "baton.cli", "admin", "create"] + ["--email", EMAIL, "--name", "First Admin"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    return run.stdout.strip().splitlines()[-1]


def totp_code(secret: str) -> str:
    """The current code, as `oathtool --totp -b` prints it."""
    oathtool = shutil.which("oathtool")
    if oathtool is None:
        assert not IN_CI, "CI=true but oathtool is not installed: .ci/run installs it with apt"
        return pyotp.TOTP(secret).now()
    done = subprocess.run([oathtool, "--totp", "-b", secret], capture_output=True, text=True, check=True)  # noqa: S603
    return done.stdout.strip()


def outbox_link(server: ServerHandle, to: str, timeout: float = 15.0) -> str:
    outbox = server.log_path.parent / "var" / "outbox"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in outbox.glob("*.eml") if outbox.exists() else []:
            text = path.read_text()
            if f"To: {to}" in text:
                assert path.stat().st_mode & 0o777 == 0o600, oct(path.stat().st_mode)
                return next(line for line in text.splitlines() if "/welcome/" in line).strip()
        time.sleep(0.1)
    raise AssertionError(f"no email to {to} in {outbox}")


def test_first_admin_sets_password_and_mfa_in_a_browser_when_following_the_setup_link(
    database_url: str, schema: str, tmp_path: Path
) -> None:
    with start_server(database_url, schema, {"BATON_SECRET_KEY": TEST_SECRET_KEY}, ready_timeout=90) as server:
        port = server.base_url.rsplit(":", 1)[1]
        link = admin_create(database_url, schema, port)
        assert link.startswith(f"{server.base_url}/welcome/"), link

        with browser_page() as page:
            page.goto(link)
            assert EMAIL in page.inner_text("main") and "at least 10 characters" in page.inner_text("#policy")

            page.fill("#password", "Password123!")
            page.fill("#password_confirmation", "Password123!")
            page.click("button[type=submit]")
            assert "most common" in page.inner_text("#password-error")

            page.fill("#password", PASSWORD)
            page.fill("#password_confirmation", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{server.base_url}/setup/mfa")

            qr = page.locator("#qr svg")
            assert qr.get_attribute("xmlns") == "http://www.w3.org/2000/svg"
            box = qr.bounding_box()
            assert box is not None and box["width"] >= 150 and box["height"] >= 150
            shot = qr.screenshot(path=str(tmp_path / "qr.png"))
            assert 0.25 < dark_share(shot) < 0.75, "the QR code did not render as black and white modules"

            secret = page.inner_text("#secret").replace(" ", "")
            page.fill("#code", "000000" if totp_code(secret) != "000000" else "111111")
            page.click("button[type=submit]")
            assert "does not match" in page.inner_text("#code-error")

            page.fill("#code", totp_code(secret))
            page.click("button[type=submit]")
            codes = page.locator("#backup-codes li").all_inner_texts()
            assert len(codes) == 10 and "Shown only now" in page.inner_text("main")
            page.screenshot(path=str(tmp_path / "backup-codes.png"))

        with httpx.Client(base_url=server.base_url, timeout=10) as http:
            started = http.post("/auth/login", json={"email": EMAIL, "password": PASSWORD}).json()
            assert started["stage"] == "mfa"
            finished = http.post(
                "/auth/login/mfa", json={"code": codes[0]}, headers={"Authorization": f"Bearer {started['token']}"}
            )
            assert finished.status_code == 200, finished.text
            admin = {"Authorization": f"Bearer {finished.json()['token']}"}
            assert http.get("/me", headers=admin).json()["mfa_enabled"] is True

            invited = http.post(
                "/users", json={"email": "hire@example.com", "name": "Hire", "role": "employee"}, headers=admin
            )
            assert invited.status_code == 201, invited.text
        assert outbox_link(server, "hire@example.com").startswith(f"{server.base_url}/welcome/")


def test_served_qr_code_renders_as_an_image_when_opened_on_its_own(database_url: str, schema: str) -> None:
    # The SVG answered by GET /me/mfa/enrolment/qr.svg needs its namespace to show as an image, not as XML text.
    from tests.builders.identity import signed_in_user

    user = signed_in_user(database_url, schema, role="client", with_mfa=False)
    with start_server(database_url, schema, {"BATON_SECRET_KEY": TEST_SECRET_KEY}, ready_timeout=90) as server:
        headers = {"Authorization": f"Bearer {user.token}"}
        assert httpx.post(f"{server.base_url}/me/mfa/enrolment", headers=headers, timeout=10).status_code == 201
        with browser_page() as page:
            page.set_extra_http_headers(headers)
            page.goto(f"{server.base_url}/me/mfa/enrolment/qr.svg")
            # Shown as XML text there is no svg element to find; drawn, its modules are about half dark.
            assert page.locator("svg").count() == 1
            shot = page.locator("svg").screenshot()
            assert 0.25 < dark_share(shot) < 0.75, "the QR code was shown as text, not drawn"
