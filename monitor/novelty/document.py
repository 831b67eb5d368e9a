"""One article as the story memory sees it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(slots=True)
class Document:
    """`key` is the article's identity: its DB id (as str) in the pipeline, the input id in replay."""

    key: str
    title: str
    text: str
    language: str | None
    published: datetime  # aware UTC
    url: str | None = None
    site: str | None = None
