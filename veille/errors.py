"""One exception tree for veille.

``VeilleError`` is the root. ``InputError`` and its children are expected rejections of bad
input: they name the file and the problem, and a batch goes on past them. Anything else that
escapes is a bug.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "DecodeError",
    "DocumentTooLargeError",
    "EmptyDocumentError",
    "EngineError",
    "EvaluationError",
    "FetchError",
    "InputError",
    "MalformedRecordError",
    "MissingPathError",
    "ModelError",
    "QueryError",
    "ResourceError",
    "StoreError",
    "UnsupportedFormatError",
    "VeilleError",
]


class VeilleError(Exception):
    """Root of every error veille raises on purpose."""


class ConfigError(VeilleError):
    """A setting is unknown or has a value of the wrong kind."""


class ResourceError(VeilleError):
    """A packaged data file (lexicon, knowledge base) is missing or malformed."""


class ModelError(VeilleError):
    """An NLP model could not be loaded."""


class StoreError(VeilleError):
    """The database could not be opened, migrated or written."""


class QueryError(VeilleError):
    """A query asked for something that cannot be answered: an unknown sort key, a cursor that
    this store did not give, a limit out of range. The message says which."""


class EngineError(VeilleError):
    """A worker process or a Ray actor failed, or the engine could not be started."""


class EvaluationError(VeilleError):
    """Gold files are missing or do not follow the gold schema."""


class InputError(VeilleError):
    """A document was rejected; ``path`` names where it came from, ``reason`` says why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        # rejections travel back from worker processes
        return (type(self), (self.path, self.reason))


class MissingPathError(InputError):
    """The path does not exist."""


class UnsupportedFormatError(InputError):
    """The file extension is not one veille reads."""


class DecodeError(InputError):
    """The bytes are not text in any encoding veille recognises (or the file is binary)."""


class EmptyDocumentError(InputError):
    """The document has no text left to analyse."""


class DocumentTooLargeError(InputError):
    """The document is longer than the configured limit (``max_document_chars``)."""


class MalformedRecordError(InputError):
    """A JSONL line or manifest row is not a valid record."""


class FetchError(InputError):
    """A URL could not be fetched (no network, an HTTP error, a refused address)."""
