"""The settings table in docs/operations.md is generated from the code and kept current."""

from __future__ import annotations

from pathlib import Path

import pytest

from baton.settings import Settings
from baton.settings_reference import BEGIN, DEFAULT_PATH, END, main, render_table, updated


def test_operations_guide_lists_every_setting_when_committed() -> None:
    text = DEFAULT_PATH.read_text()
    assert updated(text) == text, "the settings table in docs/operations.md is out of date: run `make docs`"


def test_every_setting_is_described_when_added() -> None:
    undescribed = [name for name, field in Settings.model_fields.items() if not field.description]
    assert undescribed == [], "give these settings a description= (it becomes the docs): " + ", ".join(undescribed)


def test_table_names_each_environment_variable_with_its_default_when_rendered() -> None:
    table = render_table()
    assert "| `BATON_DATABASE_URL` | (unset) |" in table
    assert "| `BATON_READ_WAIT_TIMEOUT` | `2.0` |" in table


def test_only_the_marked_part_is_rewritten_when_updated(tmp_path: Path) -> None:
    path = tmp_path / "ops.md"
    path.write_text(f"# Ops\nbefore\n{BEGIN}\nold table\n{END}\nafter\n")
    assert main(["--check", str(path)]) == 1
    assert main([str(path)]) == 0
    text = path.read_text()
    assert text.startswith("# Ops\nbefore\n") and text.endswith(f"{END}\nafter\n") and "old table" not in text
    assert main(["--check", str(path)]) == 0


def test_update_is_refused_when_the_markers_are_missing() -> None:
    with pytest.raises(ValueError, match="markers"):
        updated("# no table here\n")
