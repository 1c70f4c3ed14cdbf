"""Exceptions raised by xieshang.

Every error is a :class:`XieshangError`. Each carries ``path`` (the file it concerns,
or ``None``) and ``reason`` (the message). Some also derive from the matching built-in
exception, so ``except FileNotFoundError`` and ``except ValueError`` work as expected.
"""

from __future__ import annotations

from typing import Optional

__all__ = [
    "XieshangError",
    "NotFoundError",
    "InputError",
    "DatabaseError",
    "SchemaVersionError",
    "QueryError",
    "ArgumentError",
    "ArticleNotFoundError",
    "GoldError",
]


class XieshangError(Exception):
    """Base class of every xieshang error."""

    def __init__(self, reason: str, path: Optional[str] = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path


class NotFoundError(XieshangError, FileNotFoundError):
    """A file or directory does not exist."""


class InputError(XieshangError, OSError):
    """An input could not be read."""


class DatabaseError(XieshangError):
    """The database cannot be used (not a xieshang database, or an SQLite failure)."""


class SchemaVersionError(DatabaseError):
    """The database was written by a newer xieshang."""


class QueryError(XieshangError, ValueError):
    """A search or SQL query is invalid, or would modify the dataset."""


class ArgumentError(XieshangError, ValueError):
    """A bad argument, e.g. an unknown export format."""


class ArticleNotFoundError(XieshangError, KeyError):
    """No article has the requested id."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return self.reason


class GoldError(XieshangError):
    """A gold annotation file is malformed."""
