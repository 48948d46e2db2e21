"""The project's one error tree.

    AdvisorError
    ├── UserFacingError        a reason shown to the person who asked (bad input, not allowed)
    │   ├── InvalidInput       a value the user typed is wrong; names the field and what is allowed
    │   └── NotPermitted       the user may not do this here
    ├── ConfigurationError     a setting is missing or malformed; names the variable and the fix
    ├── KnowledgeError         a knowledge file is invalid; names the file, field and problem
    ├── StorageError           the database failed
    └── PlatformError          a chat platform call failed
        └── PermanentPlatformError   it will not succeed on retry (channel gone, app removed)

User-facing errors carry a message safe to show; everything else is logged with its traceback
and the user gets a short apology.
"""

from __future__ import annotations


class AdvisorError(Exception):
    """Base of every error the project raises on purpose."""


class UserFacingError(AdvisorError):
    """An error whose message is meant for the person who asked."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(UserFacingError):
    """A value the user typed is not acceptable."""

    def __init__(self, message: str, *, field: str | None = None, value: str | None = None) -> None:
        super().__init__(message, field=field)
        # What the user typed, so the reply can be rebuilt in the asker's language.
        self.value = value


class NotPermitted(UserFacingError):
    """The user lacks the permission this action needs."""


class ConfigurationError(AdvisorError):
    """A setting is missing or malformed."""


class KnowledgeError(AdvisorError):
    """A knowledge file failed validation."""


class StorageError(AdvisorError):
    """The database could not do what was asked."""


class PlatformError(AdvisorError):
    """A chat platform call failed; retrying may help."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        # Seconds the platform asked us to wait (HTTP 429 Retry-After); None when it did not say.
        self.retry_after = retry_after


class PermanentPlatformError(PlatformError):
    """A chat platform call failed in a way retrying will not fix.

    `reason` is a platform-neutral code the core can explain in the team's language:
    channel_not_found, not_in_channel, channel_archived, missing_permission, access_revoked,
    not_installed, server_not_found. None when the adapter has no better word than the message.
    """

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason
