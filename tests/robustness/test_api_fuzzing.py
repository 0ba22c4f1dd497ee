"""Schemathesis (`--checks all`) against the live OpenAPI of a real `baton serve`: zero failures.

Every check runs: no 5xx, every status, content type, header and body as documented,
schema-valid input accepted and invalid input refused, 405 with a true `Allow`, auth
not ignored. Anonymous: every operation. Signed in as an admin (stateful too, so ids
flow from one call to the next): every operation except those that end the caller's
own session; those then run signed in as a second, throwaway admin.
Each run is bounded by wall-clock time (``--max-time``), so the suite's time does
not grow with the number of operations.

A few answers to schema-valid input depend on state no schema can describe; the
config written for each run (``state_dependent_answers``) allows exactly those, on
exactly the operations whose shape calls for them, found in the live document.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.server import ServerHandle, start_server
from tests.robustness.staff_token import SERVER_ENV, staff_headers

EXAMPLES_PER_OPERATION = 10
SEED = 20260302
# Seconds of fuzzing per run (schemathesis spreads them over its phases), and the hard stop after it.
TIME_BUDGET = {"anonymous": 40, "signed_in": 100, "session_enders": 20}
RUN_TIMEOUT = 300
# Operations that can end the session they are called with (and only those).
ENDS_OWN_SESSION = ["auth-logout", "me-revoke_session", "users-reset_mfa", "me-reset_own_mfa"]


@dataclass(frozen=True)
class Run:
    returncode: int
    output: str

    @property
    def figures(self) -> str:
        found = re.search(r"(\d+) generated, .*", self.output)
        return found.group(0) if found else "no figures"


@dataclass(frozen=True)
class Target:
    server: ServerHandle
    admin: dict[str, str]
    throwaway_admin: dict[str, str]
    config: Path


# Slices' own state-dependent answers, merged into the config each run writes.
LISTED = Path(__file__).with_name("schemathesis.toml")
# Schemathesis' default for "schema-valid input is accepted", plus one status per kind of state it cannot see.
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]
STATE_DEPENDENT = {
    # A `cursor` this list never issued, or a `min_position` beyond the newest event of the log: 422 naming it.
    "422": lambda op: bool(
        {p["name"] for p in op.get("parameters", []) if p["in"] == "query"} & {"cursor", "min_position"}
    ),
    # An If-Match naming another version than the record's current one: 412.
    "412": lambda op: any(p["name"] == "if-match" for p in op.get("parameters", [])),
    # An invitation token the server never issued, or one used or replaced: 410 (documented there).
    "410": lambda op: "410" in op["responses"],
}


def _listed_by_hand() -> dict[str, set[str]]:
    # Answers a slice knows are state-dependent though its shape does not show it (e.g. a file's first bytes).
    if not LISTED.exists():
        return {}
    listed: dict[str, set[str]] = {}
    for entry in tomllib.loads(LISTED.read_text()).get("operations", []):
        ids = entry["include-operation-id"]
        statuses = entry["checks"]["positive_data_acceptance"]["expected-statuses"]
        for op_id in [ids] if isinstance(ids, str) else ids:
            listed.setdefault(op_id, set()).update(str(s) for s in statuses if str(s) not in ACCEPTED)
    return listed


def state_dependent_answers(document: dict[str, Any]) -> str:
    """A schemathesis.toml allowing each state-dependent answer on the operations that can give it."""
    extra = _listed_by_hand()
    for operations in document["paths"].values():
        for op in operations.values():
            found = {status for status, applies in STATE_DEPENDENT.items() if applies(op)}
            if found:
                extra.setdefault(op["operationId"], set()).update(found)
    grouped: dict[tuple[str, ...], list[str]] = {}
    for op_id, statuses in extra.items():
        grouped.setdefault(tuple(sorted(statuses)), []).append(op_id)
    sections = []
    for statuses, ids in sorted(grouped.items()):
        expected = ", ".join(f'"{s}"' for s in [*ACCEPTED, *statuses])
        sections.append(
            f"[[operations]]\ninclude-operation-id = {json.dumps(sorted(ids))}\n"
            f"checks.positive_data_acceptance.expected-statuses = [{expected}]\n"
        )
    return "\n".join(sections)


@pytest.fixture(scope="module")
def target(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    from tests.builders.schemas import fresh_schema

    with fresh_schema(database_url) as schema:
        admin, throwaway = staff_headers(database_url, schema), staff_headers(database_url, schema)
        with start_server(database_url, schema, SERVER_ENV) as server:
            document = httpx.get(f"{server.base_url}/openapi.json", timeout=60).json()
            config = tmp_path_factory.mktemp("schemathesis") / "schemathesis.toml"
            config.write_text(state_dependent_answers(document))
            yield Target(server, admin, throwaway, config)


def schemathesis(target: Target, headers: dict[str, str], *, run: str, operations: list[str], exclude: bool) -> Run:
    executable = Path(sys.executable).parent / "st"
    assert executable.exists(), f"schemathesis is not installed ({executable} missing): pip install -e '.[dev]'"
    phases = "examples,coverage,fuzzing,stateful" if run == "signed_in" else "examples,coverage,fuzzing"
    command = [str(executable), "--config-file", str(target.config), "run", f"{target.server.base_url}/openapi.json"]
    command += ["--checks", "all", "--phases", phases, "--max-examples", str(EXAMPLES_PER_OPERATION)]
    command += ["--max-time", str(TIME_BUDGET[run])]
    command += ["--seed", str(SEED), "--generation-deterministic", "--workers", "1", "--request-timeout", "10"]
    command += ["--max-failures", "20", "--no-color"]
    for operation in operations:
        command += ["--exclude-operation-id" if exclude else "--include-operation-id", operation]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False)  # noqa: S603
    return Run(done.returncode, done.stdout + done.stderr)


def assert_no_failures(run: Run, target: Target) -> None:
    # On failure schemathesis prints each failing case with a curl command that reproduces it.
    print(run.figures)  # shown with -s or -rP: how many cases ran
    assert run.returncode == 0 and "passed" in run.output, (
        f"{run.output[-15000:]}\n--- server log ---\n{target.server.log()[-4000:]}"
    )


def still_signed_in(target: Target, headers: dict[str, str]) -> int:
    return httpx.get(f"{target.server.base_url}/me", headers=headers, timeout=10).status_code


def test_anonymous_requests_get_only_documented_answers(target: Target) -> None:
    run = schemathesis(target, {}, run="anonymous", operations=[], exclude=True)
    assert_no_failures(run, target)


def test_signed_in_requests_get_only_documented_answers(target: Target) -> None:
    run = schemathesis(target, target.admin, run="signed_in", operations=ENDS_OWN_SESSION, exclude=True)
    assert_no_failures(run, target)
    assert still_signed_in(target, target.admin) == 200, "the run lost its session: it tested nothing past sign-in"


def test_operations_that_end_the_session_get_only_documented_answers(target: Target) -> None:
    run = schemathesis(target, target.throwaway_admin, run="session_enders", operations=ENDS_OWN_SESSION, exclude=False)
    assert_no_failures(run, target)
