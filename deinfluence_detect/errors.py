"""Typed errors. Each names what went wrong and where (file, line, rule)."""
from __future__ import annotations

from typing import Optional


class DeinfluenceError(Exception):
    """Base class of every error this library raises on purpose."""


class PackError(DeinfluenceError):
    """A pattern pack is malformed: names the file and, where known, the rule."""

    def __init__(self, message: str, *, file: str, rule: Optional[str] = None):
        self.file = file
        self.rule = rule
        where = file + (f", rule {rule}" if rule else "")
        super().__init__(f"{where}: {message}")


class InputError(DeinfluenceError):
    """An input document or file cannot be read: names the source and line/row."""

    def __init__(self, message: str, *, source: str = "<input>", line: Optional[int] = None):
        self.source = source
        self.line = line
        where = source + (f":{line}" if line is not None else "")
        super().__init__(f"{where}: {message}")


class ConfigError(DeinfluenceError):
    """A Detector argument is invalid (unknown platform, jurisdiction, ...)."""
