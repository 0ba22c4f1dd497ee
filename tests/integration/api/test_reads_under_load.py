"""Reads that wait for a position hold one pooled connection each, never two: a burst larger than the pool still answers."""

from __future__ import annotations

import asyncio

import httpx

from tests.builders.identity import TEST_SECRET_KEY, signed_in_user
from tests.e2e.server import start_server

POOL_SIZE = 3
READS = 3 * POOL_SIZE


async def _read_all(base_url: str, token: str, paths: list[str]) -> list[httpx.Response]:
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=30) as client:
        return await asyncio.gather(*(client.get(path) for path in paths))


def test_three_times_the_pool_of_concurrent_min_position_reads_all_answer_when_the_pool_is_small(
    database_url: str, schema: str
) -> None:
    token = signed_in_user(database_url, schema).token
    env = {"BATON_SECRET_KEY": TEST_SECRET_KEY, "BATON_DB_POOL_SIZE": str(POOL_SIZE)}
    with start_server(database_url, schema, env) as server:
        headers = {"Authorization": f"Bearer {token}"}
        written = [
            httpx.post(f"{server.base_url}/leads", json={"name": f"Lead {n}"}, headers=headers, timeout=10).json()
            for n in range(READS)
        ]
        # Fired at once, right after the writes: each read waits for the view while holding its connection.
        paths = [f"/leads/{lead['id']}?min_position={lead['position']}" for lead in written[: READS // 2]]
        paths += [f"/leads?min_position={written[-1]['position']}"] * (READS - len(paths))
        answers = asyncio.run(_read_all(server.base_url, token, paths))
    assert [a.status_code for a in answers] == [200] * READS, [a.text[:200] for a in answers if a.status_code != 200]
    assert len(answers[-1].json()["items"]) == READS
