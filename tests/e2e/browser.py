"""A real headless browser for the pages: Debian's chromium driven by Playwright (no browser download).

Without chromium or Playwright a browser test skips on a laptop, but fails under CI=true:
.ci/run installs both (chromium with apt, Playwright with the dev dependencies).
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from PIL import Image

from tests.conftest import IN_CI

CHROMIUM_NAMES = ("chromium", "chromium-browser")


def chromium_path() -> str | None:
    """The system's chromium: BATON_TEST_CHROMIUM, else the first chromium on PATH."""
    configured = os.environ.get("BATON_TEST_CHROMIUM")
    return configured or next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)


def _missing(what: str) -> None:
    if IN_CI:
        pytest.fail(f"CI=true but {what}: .ci/run installs it (apt-get install chromium; pip install -e '.[dev]').")
    pytest.skip(f"{what}; skipping the browser test.")


@contextmanager
def browser_page() -> Iterator[Any]:
    """A fresh page (its own cookies) in a headless chromium, closed after the block."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright is not installed")
    executable = chromium_path()
    if executable is None:
        _missing("chromium is not installed")
    with sync_playwright() as playwright:
        # --no-sandbox: CI runs as root, where chromium's sandbox cannot start.
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            context = browser.new_context(viewport={"width": 900, "height": 1000})
            yield context.new_page()
        finally:
            browser.close()


def dark_share(png: bytes) -> float:
    """The share of dark pixels in a screenshot: about a half for a rendered QR code, ~0 for blank or text."""
    image = Image.open(io.BytesIO(png)).convert("L")
    histogram = image.histogram()
    return sum(histogram[:96]) / max(1, image.width * image.height)
