"""The exception tree.  Library code raises these; the CLI and the API turn them into messages.

    CommuniqueError
    ├── InputError          an input could not be read (names the file and the reason)
    ├── ModelNotInstalled   the configured spaCy pipeline is missing
    └── StoreError          the store could not be opened, migrated or written
"""

from __future__ import annotations


class CommuniqueError(Exception):
    """Base class of every error communique raises on purpose."""


class InputError(CommuniqueError):
    """One input (file, row, stream) could not be turned into a document."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class ModelNotInstalled(CommuniqueError):
    """The spaCy pipeline named in the settings is not installed."""


class StoreError(CommuniqueError):
    """The store could not be opened, migrated or written."""
