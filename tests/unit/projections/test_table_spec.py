"""A table spec declares each column once; its DDL, select list and batch statements follow from it."""

from __future__ import annotations

import pytest
from psycopg import sql

from projections.engine import Column, Entities, counts, version_column
from projections.leads import COUNTS, NOTES, PIPELINE


def text(composable: sql.Composable) -> str:
    return composable.as_string(None)


def test_ddl_gives_types_defaults_nullability_and_primary_key_when_rendered() -> None:
    ddl = text(PIPELINE.create(sql.Identifier("lead_pipeline__g7")))

    assert ddl.startswith('CREATE TABLE IF NOT EXISTS "lead_pipeline__g7" ("id" uuid NOT NULL, "name" text NOT NULL,')
    assert "\"website\" text NOT NULL DEFAULT ''" in ddl
    assert '"notes_count" integer NOT NULL DEFAULT 0' in ddl
    assert ddl.endswith('PRIMARY KEY ("id"))')


def test_nullable_column_has_no_not_null() -> None:
    table = Entities("t", (Column("id", "uuid"), Column("closed_at", "timestamptz", default=None), version_column()))
    assert '"closed_at" timestamptz,' in text(table.create(sql.Identifier("t")))


def test_upsert_writes_every_column_from_binary_arrays_and_updates_only_changing_ones_under_a_version_guard() -> None:
    upsert = text(PIPELINE.upsert(sql.Identifier("p")))

    assert "SELECT * FROM unnest(%b::uuid[], %b::text[]" in upsert
    assert upsert.count("%b::") == len(PIPELINE.columns)
    changing = upsert.split("DO UPDATE SET ")[1]
    assert '"status" = EXCLUDED."status"' in changing and '"created_at"' not in changing
    assert changing.endswith("WHERE t.version < EXCLUDED.version")


def test_appends_ignore_a_repeat_and_counts_add_deltas() -> None:
    assert text(NOTES.insert(sql.Identifier("n"))).endswith("ON CONFLICT DO NOTHING")
    assert text(COUNTS.add(sql.Identifier("c"))).endswith(
        'ON CONFLICT ("status", "source") DO UPDATE SET "leads" = t."leads" + EXCLUDED."leads"'
    )
    assert [(c.name, c.type) for c in COUNTS.columns] == [("status", "text"), ("source", "text"), ("leads", "integer")]


def test_select_list_names_every_column_in_declared_order() -> None:
    assert text(PIPELINE.select_list).split(", ")[:3] == ['"id"', '"name"', '"company"']


def test_indexes_are_named_per_generation() -> None:
    (first, *_) = PIPELINE.create_indexes(sql.Identifier("lead_pipeline__g4"), 4)
    assert text(first) == 'CREATE INDEX IF NOT EXISTS "lead_pipeline__g4_ix0" ON "lead_pipeline__g4" (created_at, id)'


def test_a_spec_is_refused_when_its_key_or_version_is_missing() -> None:
    with pytest.raises(ValueError, match="version column"):
        Entities("t", (Column("id", "uuid"),))
    with pytest.raises(ValueError, match="not among its columns"):
        Entities("t", (Column("uid", "uuid"), version_column()))
    with pytest.raises(ValueError, match="counts need"):
        counts("c", of=PIPELINE, by=("colour",))
