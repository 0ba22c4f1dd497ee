"""The production app, for one API process (``app_for``) or each of several (``create``, uvicorn's factory)."""

from __future__ import annotations

from fastapi import FastAPI

from api.app import create_app
from baton.container import Container, build
from baton.settings import Settings


def app_for(container: Container) -> FastAPI:
    """The API around a container its caller closes (``baton.serving`` does, after the worker child stops)."""
    return create_app(container)


def create() -> FastAPI:
    """The API of one of several server processes: its own container, from the environment, closed on shutdown."""
    return create_app(build(Settings()), manage_container=True)
