"""The desk's settings as the API reads them: the same value the processes build, from the same settings."""

from __future__ import annotations

from typing import Any

from api.identity.keys import load_secret
from api.services import Services
from domain.tickets.desk import DeskSettings, desk_from

_BUILT: dict[int, DeskSettings] = {}


def desk_of(container: Services) -> DeskSettings:
    """Built once per running container (the reply secrets may be derived from the secret key on disk)."""
    found = _BUILT.get(id(container))
    if found is None:
        settings: Any = container.settings  # baton.settings.Settings: it has the desk's fields
        found = _BUILT[id(container)] = desk_from(settings, load_secret(settings.secret_key, settings.data_dir))
    return found
