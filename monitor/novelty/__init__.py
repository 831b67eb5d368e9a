"""Story memory: relevance, duplicates, stories and what is new; pure logic over text and an index."""

from monitor.novelty.document import Document
from monitor.novelty.index import (
    MemoryIndex,
    Recording,
    StoredDoc,
    StoryKnowledge,
    StoryProfile,
)
from monitor.novelty.memory import StoryMemory
from monitor.novelty.relevance import RelevanceQuery, RelevanceResult, parse_query

__all__ = [
    "Document",
    "MemoryIndex",
    "Recording",
    "RelevanceQuery",
    "RelevanceResult",
    "StoredDoc",
    "StoryKnowledge",
    "StoryMemory",
    "StoryProfile",
    "parse_query",
]
