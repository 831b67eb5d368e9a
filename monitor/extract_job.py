"""The job the extraction pool's workers run, named without importing the extractor.

The pass's process hands the pool this function (pickled by its name); a worker imports the
extractor (trafilatura, ~30 MB) when it runs it, and so does the pass's own process only when it
extracts a batch itself (no pool, or a batch too small for one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from monitor.models import Article
    from monitor.novelty.prepare import AnalysisSpec, Prepared


def extract_and_prepare(
    html: str | bytes,
    url: str | None,
    title: str | None,
    language: str | None,
    spec: AnalysisSpec | None,
) -> tuple[Article | None, str | None, Prepared | None]:
    """monitor.extract.extract_and_prepare, imported on the first call."""
    from monitor.extract import extract_and_prepare as run

    return run(html, url, title, language, spec)
