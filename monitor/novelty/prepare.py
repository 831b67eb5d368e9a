"""An article's analysis made where its page is extracted, to be handed to the story memory.

Reading an article (sentences, lemmas, names, numbers, claims, the MinHash sketch and the
sentence embedding of its lead) takes most of the CPU a decision costs and needs nothing the
store holds: it is a function of the topic's query and the article's headline, text and
language alone. So a pass computes it in the extraction workers, beside trafilatura, and ships it
to the main process as plain data (`Prepared`); the main process only retrieves, decides and
stores. `Prepared.fits` tells whether it still holds for the article the main process decides
(the per-site boilerplate may have removed lines since): when it does not, the story memory
analyses the article itself, so a verdict never depends on where the analysis was made.
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.config import Topic
from monitor.novelty.analysis import Analysis, analyse
from monitor.novelty.relevance import RelevanceQuery


@dataclass(frozen=True, slots=True)
class AnalysisSpec:
    """What analysing an article for one topic needs: its relevance query and the salt of its
    LSH keys. Small and picklable: it travels with every page to the extraction workers."""

    query: str | None
    aliases: tuple[tuple[str, tuple[str, ...]], ...]
    min_score: float
    salt: str

    @classmethod
    def for_topic(cls, topic: Topic | None) -> AnalysisSpec:
        """The spec of `topic` as the story memory reads it (None: every article relevant)."""
        if topic is None:
            return cls(None, (), 0.0, "*")
        relevance = topic.relevance
        aliases = tuple((k, tuple(v)) for k, v in relevance.aliases.items())
        return cls(relevance.query, aliases, relevance.min_score, topic.name)


_QUERIES: dict[AnalysisSpec, RelevanceQuery] = {}


def _query(spec: AnalysisSpec) -> RelevanceQuery | None:
    """The parsed query of `spec`, parsed once per process."""
    if spec.query is None:
        return None
    query = _QUERIES.get(spec)
    if query is None:
        query = _QUERIES[spec] = RelevanceQuery(
            spec.query, {k: list(v) for k, v in spec.aliases}, spec.min_score
        )
    return query


@dataclass(slots=True)
class Prepared:
    """An article's analysis and what it was made from."""

    spec: AnalysisSpec
    title: str
    text: str
    language: str | None
    analysis: Analysis

    def fits(self, spec: AnalysisSpec, title: str, text: str, language: str | None) -> bool:
        """Whether this analysis is the one `analyse` would make of these inputs."""
        return (
            self.spec == spec
            and self.title == title
            and self.language == language
            and self.text == text
        )

    def analysis_for(
        self, spec: AnalysisSpec, title: str, text: str, language: str | None
    ) -> Analysis | None:
        """The analysis of these inputs for the topic of `spec`: this one if it fits them; else
        (the site's boilerplate took lines off the text since) made here, with this one's
        embeddings where its lead and opening read the same, as they do unless the lines came off
        the top (so this process need not load the encoder); None for another topic's spec."""
        if self.spec != spec:
            return None
        if self.fits(spec, title, text, language):
            return self.analysis
        again = analyse(title, text, language, _query(spec), spec.salt)
        if self.analysis.embedding is not None and again.lead_text == self.analysis.lead_text:
            again.embedding = self.analysis.embedding
        if self.analysis.opening is not None and again.opening_text == self.analysis.opening_text:
            again.opening = self.analysis.opening
        return again


def prepare(spec: AnalysisSpec, title: str, text: str, language: str | None) -> Prepared:
    """Analyse an article for the topic of `spec`; a relevant one gets its lead's and opening's
    embeddings and lead keys too (what the story memory would otherwise compute when it looks
    for the article's story)."""
    from monitor.novelty.memory import CORE_BODY_SENTENCES, LEAD_BODY_SENTENCES

    analysis = analyse(title, text, language, _query(spec), spec.salt)
    if analysis.relevance is None or analysis.relevance.relevant:
        analysis.embeddings()
        # the keys of its lead as the story memory reads them (their word pairs need lemmas)
        for body_sentences in (LEAD_BODY_SENTENCES, CORE_BODY_SENTENCES):
            analysis.lead_keys(body_sentences)
    return Prepared(spec, title, text, language, analysis)


__all__ = ["AnalysisSpec", "Prepared", "prepare"]
