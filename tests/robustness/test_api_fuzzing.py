"""Schemathesis against the live OpenAPI of a real `baton serve`: no 5xx, no answer off its schema."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.e2e.server import start_server
from tests.robustness.staff_token import SERVER_ENV, staff_headers

EXAMPLES_PER_OPERATION = 60
SEED = 20260302
RUN_TIMEOUT = 150


def schemathesis_command(base_url: str, headers: dict[str, str]) -> list[str]:
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
        "examples,coverage,fuzzing,stateful",
        "--workers",
        "1",
        "--request-timeout",
        "10",
        "--max-failures",
        "10",
        "--no-color",
    ]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    return command


def test_generated_requests_never_get_a_server_error_or_an_off_schema_answer(database_url: str, schema: str) -> None:
    headers = staff_headers(database_url, schema)
    with start_server(database_url, schema, SERVER_ENV) as server:
        run = subprocess.run(  # noqa: S603 - our own venv's schemathesis
            schemathesis_command(server.base_url, headers),
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            check=False,
        )
        server_log = server.log()
    # On failure schemathesis prints each failing case with a curl command that reproduces it.
    assert run.returncode == 0, f"{run.stdout[-12000:]}\n{run.stderr[-3000:]}\n--- server log ---\n{server_log[-4000:]}"
    assert "passed" in run.stdout
