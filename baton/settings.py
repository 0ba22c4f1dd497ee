"""All configuration, from BATON_* environment variables or a .env file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, PrivateAttr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class StartupRefused(Exception):
    """Settings that must not run together; the message says which and what to change."""


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
    files_dir: Path | None = Field(
        default=None, description="Where uploaded documents are kept, by content hash; unset: data_dir/files."
    )
    document_max_bytes: int = Field(
        default=25_000_000, ge=1, description="Largest document a project accepts, in bytes (checked as it arrives)."
    )
    db_pool_size: int = Field(default=10, ge=1, description="Largest number of pooled connections for reads.")
    # Identity and email (see docs/security.md).
    secret_key: str | None = Field(
        default=None, description="Encrypts TOTP secrets; unset generates one in data_dir/secret.key."
    )
    public_url: str = Field(
        default="",
        description="Base of links in emails and the origin browsers send; unset: http://<host>:<port> of `baton serve`.",
    )
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated addresses of reverse proxies whose X-Forwarded-For is believed; unset: none.",
    )
    session_idle_hours: float = Field(default=8, gt=0, description="A session ends after this long without a request.")
    session_max_days: float = Field(
        default=30, gt=0, description="A session ends this long after sign-in, however used."
    )
    invitation_valid_hours: float = Field(default=48, gt=0, description="How long an invitation or setup link works.")
    smtp_host: str | None = Field(default=None, description="SMTP server; unset writes emails to data_dir/outbox.")
    smtp_port: int = Field(default=587, description="SMTP port.")
    smtp_username: str = Field(default="", description="SMTP user; empty sends without logging in.")
    smtp_password: str = Field(default="", description="SMTP password.")
    smtp_from: str = Field(default="Baton <noreply@baton.local>", description="Sender of every email.")
    smtp_tls: str = Field(
        default="starttls", pattern="^(starttls|ssl|none)$", description="starttls, ssl (implicit TLS) or none."
    )
    email_sweep_interval: float = Field(
        default=60.0,
        gt=0,
        description="Seconds after an email is queued, or an attempt fails, before a deadline enqueues it again.",
    )
    # Time (see docs/operations.md, "Timers and the clock").
    environment: Literal["development", "test", "production"] = Field(
        default="development",
        description="development, test or production; production refuses settings meant for tests and demos.",
    )
    movable_clock: bool = Field(
        default=False,
        description="Let admins move this deployment's clock forward (`POST /clock/advance`); refused in production.",
    )
    run_processes: bool = Field(
        default=True,
        description="Run the process managers and fire due deadlines in this deployment's worker; off, the worker only"
        " keeps the views (for a worker of its own per role, or a copy of the data that must not act).",
    )
    timer_poll_interval: float = Field(
        default=10.0, gt=0, description="Longest wait of the deadline runner between looks for due deadlines."
    )
    # Support desk (see docs/operations.md, "The support desk").
    support_address: str = Field(
        default="support@baton.local",
        description="The support mailbox; ticket emails reply to support+<token>@ its domain so replies thread.",
    )
    support_queue_address: str = Field(
        default="",
        description="Where the support team's internal handoff notices go (client trained, launched); "
        "empty: the support address.",
    )
    support_phone: str = Field(default="", description="The support line, as the handoff's emails to clients give it.")
    support_hours: str = Field(
        default="Monday to Friday, 8:00 to 18:00", description="Support's hours, as the handoff's emails give them."
    )
    support_emergency: str = Field(
        default="call the support line: outside business hours it tells you how to reach the engineer on call",
        description="What a client does when their site is down outside support's hours (the transition email).",
    )
    ticket_reply_secrets: str = Field(
        default="",
        description="Secrets signing reply addresses, comma-separated, newest first (older ones still verify); "
        "unset derives one from the secret key.",
    )
    ticket_auto_close_days: int = Field(
        default=7, ge=1, le=365, description="Days a resolved ticket stays resolved before it closes on its own."
    )
    inbound_email_secret: str = Field(
        default="",
        description="Shared secret of POST /webhooks/inbound-email (HMAC-SHA256 of the raw body); "
        "empty refuses every delivery.",
    )
    # Billing (see docs/operations.md, "Billing and Stripe").
    invoice_reminder_days: int = Field(
        default=7,
        ge=1,
        le=365,
        description="Days between payment reminders of an overdue invoice (the first on the day it becomes overdue).",
    )
    invoice_payment_terms_days: int = Field(
        default=14, ge=0, le=365, description="Payment terms of the invoice drafted from an approved proposal."
    )
    billing_team_email: str = Field(
        default="",
        description="Also told when a client approves or declines a proposal (besides its author and the account manager).",
    )
    stripe_api_key: str = Field(
        default="", description="Stripe secret key for Checkout Sessions; empty: online payment is off."
    )
    stripe_webhook_secret: str = Field(
        default="",
        description="Signing secret of the Stripe endpoint POST /webhooks/stripe (whsec_...); empty refuses every delivery.",
    )
    stripe_api_base: str = Field(
        default="", description="Address of Stripe's API; empty: Stripe's own. Tests point it at a local stand-in."
    )

    _public_url_derived: bool = PrivateAttr(default=False)

    @model_validator(mode="after")
    def _links_point_at_this_server(self) -> Settings:
        # Links must lead back to the server that made them: by default the address it listens on.
        if not self.public_url.strip():
            host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host  # noqa: S104 - a comparison
            host = f"[{host}]" if ":" in host else host
            self.public_url = f"http://{host}:{self.port}"
            self._public_url_derived = True
        self.public_url = self.public_url.strip().rstrip("/")
        return self

    def listening_on(self, host: str | None, port: int | None) -> Settings:
        """These settings for a server on ``host``:``port`` (command-line options), links included."""
        changes = {k: v for k, v in (("host", host), ("port", port)) if v is not None}
        if not changes:
            return self
        if self._public_url_derived:
            changes["public_url"] = ""
        return self.model_validate({**self.model_dump(), **changes})
