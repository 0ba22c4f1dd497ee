"""Schemathesis against the live OpenAPI of a real `baton serve`: no 5xx, no answer off its schema.

Signed-in runs: everything except the operations that can end the caller's own session or
account (stateful, so ids flow from one call to the next); then those operations with a
second admin; then signing out last, so no run hides the API behind 401s.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from tests.e2e.server import start_server
from tests.robustness.staff_token import SERVER_ENV, staff_headers

EXAMPLES_PER_OPERATION = 40
SEED = 20260302
RUN_TIMEOUT = 120
SIGN_OUT = "auth-logout"
ENDS_OWN_SESSION = [
    SIGN_OUT,
    "me-revoke_session",
    "me-change_password",
    "me-start_mfa_enrolment",
    "users-reset_mfa",
    "users-change_role",
    "users-deactivate",
]


def schemathesis_command(
    base_url: str, headers: dict[str, str], *, operations: list[str], exclude: bool, phases: str
) -> list[str]:
    executable = Path(sys.executable).parent / "st"
    assert executable.exists(), f"schemathesis is not installed ({executable} missing): pip install -e '.[dev]'"
    command = [
        str(executable),
        "run",
        f"{base_url}/openapi.json",
        "--checks",
        "not_a_server_error,response_schema_conformance",
        "--max-examples",
        str(EXAMPLES_PER_OPERATION),
        "--seed",
        str(SEED),
        "--generation-deterministic",
        "--phases",
        phases,
        "--workers",
        "1",
        "--request-timeout",
        "10",
        "--max-failures",
        "10",
        "--no-color",
    ]
    for operation in operations:
        command += ["--exclude-operation-id" if exclude else "--include-operation-id", operation]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    return command


def _run(command: list[str], workdir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own venv's schemathesis
        command, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False, cwd=workdir
    )


def test_generated_requests_never_get_a_server_error_or_an_off_schema_answer(
    database_url: str, schema: str, tmp_path: Path
) -> None:
    admin = staff_headers(database_url, schema)
    second_admin = staff_headers(database_url, schema)
    with start_server(database_url, schema, SERVER_ENV) as server:
        most = _run(
            schemathesis_command(
                server.base_url,
                admin,
                operations=ENDS_OWN_SESSION,
                exclude=True,
                phases="examples,coverage,fuzzing,stateful",
            ),
            tmp_path,
        )
        still_signed_in = httpx.get(f"{server.base_url}/me", headers=admin, timeout=10).status_code
        session_enders = _run(
            schemathesis_command(
                server.base_url,
                second_admin,
                operations=[op for op in ENDS_OWN_SESSION if op != SIGN_OUT],
                exclude=False,
                phases="examples,coverage,fuzzing",
            ),
            tmp_path,
        )
        second_still_signed_in = httpx.get(f"{server.base_url}/me", headers=second_admin, timeout=10).status_code
        sign_out = _run(
            schemathesis_command(
                server.base_url, second_admin, operations=[SIGN_OUT], exclude=False, phases="coverage,fuzzing"
            ),
            tmp_path,
        )
        server_log = server.log()
    # On failure schemathesis prints each failing case with a curl command that reproduces it.
    for run in (most, session_enders, sign_out):
        assert run.returncode == 0, (
            f"{run.stdout[-12000:]}\n{run.stderr[-3000:]}\n--- server log ---\n{server_log[-4000:]}"
        )
        assert "passed" in run.stdout
    assert still_signed_in == 200, "the signed-in run lost its session: it did not test past authentication"
    assert second_still_signed_in == 200, "the second run lost its session: it did not test past authentication"
