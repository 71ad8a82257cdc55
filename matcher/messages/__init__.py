"""Messages to group offices, peers, managers and the Director (issue 13): their words
(compose) and their sending (smtp)."""

from matcher.messages.compose import Audience, Kind, Letter, Line
from matcher.messages.smtp import MailSettings, Status, send

__all__ = ["Audience", "Kind", "Letter", "Line", "MailSettings", "Status", "send"]
