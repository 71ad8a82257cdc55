"""The service's settings: AppSettings (data dir, store) plus what only the service needs.

Everything is read from the environment with the same PEERMATCH_ prefix as the CLI, so
one `.env` or container definition configures both; `peermatch serve` options override.
"""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator

from matcher.messages import MailSettings
from matcher.settings import AppSettings
from matcher.workflow.states import DEFAULT_MAX_NAMES
from matcher.workflow.states import GROUP_OFFICE_ANSWER_DAYS as OVERDUE_DAYS


class ServiceSettings(AppSettings):
    """Settings of `peermatch serve` (env: PEERMATCH_*)."""

    host: str = Field(default="127.0.0.1", description="Address uvicorn binds to.")
    port: int = Field(default=8000, ge=0, le=65535, description="TCP port uvicorn binds to.")
    max_jobs: int = Field(
        default=2,
        ge=1,
        le=64,
        description="Solve jobs running at once (each is a worker process); more get 429.",
    )
    max_sync_solves: int = Field(
        default=4,
        ge=1,
        le=64,
        description="Synchronous solves (shortlist, why-not, replace) at once; more get 429.",
    )
    retry_after_s: int = Field(
        default=10, ge=1, description="Retry-After floor (seconds) when every slot is busy."
    )
    bootstrap_key: SecretStr | None = Field(
        default=None,
        description="If set and no manager key exists yet, this token becomes the first "
        "manager key at start-up (hashed; the variable can be dropped afterwards).",
    )
    oidc_issuer: str | None = Field(
        default=None,
        description="OpenID Connect issuer for single sign-on (e.g. "
        "https://login.microsoftonline.com/<tenant>/v2.0); unset: no single sign-on.",
    )
    oidc_client_id: str | None = Field(default=None, description="The app's client id.")
    oidc_client_secret: SecretStr | None = Field(
        default=None, description="The app's client secret (confidential client)."
    )
    max_failed_auth: int = Field(
        default=30,
        ge=1,
        description="Wrong keys or passwords one address may try per minute before 429.",
    )

    @field_validator("bootstrap_key")
    @classmethod
    def _strong_bootstrap_key(cls, value: SecretStr | None) -> SecretStr | None:
        from api.keys import token_problem

        if value is not None and (problem := token_problem(value.get_secret_value())):
            raise ValueError(f"PEERMATCH_BOOTSTRAP_KEY: {problem}")
        return value

    max_upload_mb: int = Field(default=100, ge=1, description="Largest accepted upload.")
    max_unzipped_mb: int = Field(
        default=500, ge=1, description="Largest total size of a zip's contents (zip bombs)."
    )
    overdue_days: int = Field(
        default=OVERDUE_DAYS,
        ge=1,
        description="Days a member-peer proposal may wait on its group office.",
    )
    max_names_per_seat: int = Field(
        default=DEFAULT_MAX_NAMES,
        ge=1,
        le=10,
        description="Names that may be put forward for one seat until the council selects.",
    )
    progress_interval_s: float = Field(
        default=0.5, gt=0, description="How often a worker writes live progress to the store."
    )
    programme_cache_size: int = Field(
        default=8, ge=1, description="Programmes kept loaded in memory for reads and solves."
    )
    mail: MailSettings = Field(
        default_factory=MailSettings,
        description="Messages (issue 13): SMTP server, addresses, dry run (the default).",
    )
    peer_link_secret: SecretStr | None = Field(
        default=None,
        description="Signs the links peers use to open their own page (issue 13); unset: a "
        "random secret per start, so links end when the service restarts.",
    )
    peer_link_days: int = Field(
        default=14, ge=1, le=90, description="Days a peer's signed link stays valid."
    )
    cpc_interval_years: int = Field(
        default=5,
        ge=1,
        le=20,
        description="A council is due a corporate peer challenge this many years after its last.",
    )
