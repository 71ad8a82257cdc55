"""Sending mail: SMTP settings and one function that sends or, in dry-run mode, records.

Dry run is the default so that a fresh install never mails anyone until its operator has
set a server and the addresses (env: PEERMATCH_MAIL as JSON, see docs/messages.md).
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid
from enum import StrEnum

from pydantic import BaseModel, Field, SecretStr

from matcher.models import GroupOffice


class Status(StrEnum):
    SENT = "sent"
    RECORDED = "recorded"
    """Dry run: written to the outbox only."""
    NO_ADDRESS = "no_address"
    FAILED = "failed"


class MailSettings(BaseModel):
    """Where and how messages go (nested in the service settings as `mail`)."""

    dry_run: bool = Field(default=True, description="Record messages in the outbox, send none.")
    host: str = Field(default="127.0.0.1", description="SMTP server host.")
    port: int = Field(default=25, ge=1, le=65535, description="SMTP server port.")
    starttls: bool = Field(default=False, description="Upgrade the connection with STARTTLS.")
    username: str | None = Field(default=None, description="SMTP login, if the server needs one.")
    password: SecretStr | None = Field(default=None, description="SMTP password.")
    timeout_s: float = Field(default=10, gt=0, description="Connection timeout.")
    sender: str = Field(
        default="peermatch@localhost", description="From: address of every message."
    )
    group_offices: dict[GroupOffice, str] = Field(
        default_factory=dict, description="Each group office's address."
    )
    director: str | None = Field(
        default=None, description="The Director of Improvement (cap exceptions, H4)."
    )
    managers: list[str] = Field(
        default_factory=list, description="Peer challenge managers (withdrawals)."
    )
    reminder_days: int = Field(
        default=7, ge=1, description="A group office is reminded after this many days."
    )
    link_base: str = Field(
        default="http://127.0.0.1:8000",
        description="The service's address as peers reach it (their signed links).",
    )
    interval_s: float = Field(
        default=60, ge=0, description="How often the service sends what is due (0: never)."
    )


def send(settings: MailSettings, to: list[str], subject: str, body: str) -> tuple[Status, str]:
    """Send one plain-text message; (status, error text). Never raises for a mail fault."""
    if not to:
        return Status.NO_ADDRESS, "no address known for this recipient"
    if settings.dry_run:
        return Status.RECORDED, ""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = settings.sender, ", ".join(to), subject
    message["Message-ID"] = make_msgid(domain="peermatch")
    message.set_content(body)
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_s) as server:
            if settings.starttls:
                server.starttls()
            if settings.username and settings.password:
                server.login(settings.username, settings.password.get_secret_value())
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        return Status.FAILED, f"{type(exc).__name__}: {exc}"
    return Status.SENT, ""
