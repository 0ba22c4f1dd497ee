"""All configuration, from BATON_* environment variables or a .env file."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Baton's settings; every field can be set as ``BATON_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="BATON_", env_file=".env", extra="ignore")

    database_url: str | None = Field(
        default=None, description="PostgreSQL URL; unset starts the embedded server in data_dir/pgdata."
    )
    database_schema: str = Field(default="public", description="Schema holding events and read models.")
    redis_url: str | None = Field(
        default=None, description="Redis for the dramatiq broker; unset uses an in-process broker."
    )
    host: str = Field(default="127.0.0.1", description="Interface `baton serve` listens on.")
    port: int = Field(default=8000, description="Port `baton serve` listens on.")
    log_level: str = Field(default="info", description="debug, info, warning or error.")
    data_dir: Path = Field(default=Path("var"), description="Local files: embedded database, generated keys, outbox.")
    projection_batch_size: int = Field(
        default=500, ge=1, le=10_000, description="Events a projection applies per transaction."
    )
    projection_idle_wait: float = Field(
        default=1.0, gt=0, description="Longest sleep between polls when no NOTIFY arrives."
    )
    read_wait_timeout: float = Field(default=2.0, ge=0, le=30, description="How long a read waits for min_position.")
    max_body_bytes: int = Field(default=1_000_000, description="Largest request body accepted.")
    db_pool_size: int = Field(default=10, ge=1, description="Largest number of pooled connections for reads.")
    # Identity and email (see docs/security.md).
    secret_key: str | None = Field(
        default=None, description="Encrypts TOTP secrets; unset generates one in data_dir/secret.key."
    )
    public_url: str = Field(default="http://127.0.0.1:8000", description="Base of links in emails.")
    smtp_host: str | None = Field(default=None, description="SMTP server; unset writes emails to data_dir/outbox.")
    smtp_port: int = Field(default=587, description="SMTP port.")
    smtp_username: str = Field(default="", description="SMTP user; empty sends without logging in.")
    smtp_password: str = Field(default="", description="SMTP password.")
    smtp_from: str = Field(default="Baton <noreply@baton.local>", description="Sender of every email.")
    smtp_tls: str = Field(
        default="starttls", pattern="^(starttls|ssl|none)$", description="starttls, ssl (implicit TLS) or none."
    )
    email_sweep_interval: float = Field(default=60.0, gt=0, description="Seconds between resends of stuck emails.")
