"""The kinds of key the story memory compares articles by, told apart by their prefix.

A key without a prefix is a concept (a lemma); the others are marked so one index holds them all.
"""

from __future__ import annotations

import enum


class KeyKind(enum.StrEnum):
    """The prefix of each kind of key; the member's value is the prefix itself."""

    NAME = "n:"  # a name: person, place, organisation (first sound + consonant skeleton)
    NUMBER = "#"  # a normalised number
    ALIAS = "a:"  # a topic alias or concept word
    PHRASE = "p:"  # a phrase of two or more words
    LANGUAGE = "l:"  # the language of a document
    CORE = "^"  # a key of an article's core (headline and lead), as the memory index stores it

    @classmethod
    def of(cls, key: str) -> KeyKind | None:
        """The kind of a key, None for a concept."""
        for kind in cls:
            if key.startswith(kind.value):
                return kind
        return None


__all__ = ["KeyKind"]
