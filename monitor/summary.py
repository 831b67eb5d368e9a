"""Turning a RunReport into words for people: the terminal summary and the Markdown of artifacts."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from monitor.models import Failure, RunReport, VerdictKind

VERDICT_ORDER = [k.value for k in VerdictKind]
NEWS = (VerdictKind.NEW_STORY, VerdictKind.DEVELOPMENT)


def failures_by_item(report: RunReport) -> dict[str, Counter[str]]:
    """Failures grouped by stage:item (a source name for discovery, a URL for a page)."""
    grouped: dict[str, Counter[str]] = defaultdict(Counter)
    for failure in report.failures:
        grouped[f"{failure.stage} {failure.item}"][failure.reason] += 1
    return dict(grouped)


def _md_escape(text: str) -> str:
    for ch in "\\`*_[]()<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def summary_lines(report: RunReport) -> list[str]:
    """Plain-text summary of one pass, as printed by `monitor run`."""
    duration = ""
    if report.started and report.finished:
        duration = f" in {(report.finished - report.started).total_seconds():.1f}s"
    lines = [
        f"Run {report.run_id} of topic '{report.topic}'{' (dry run)' if report.dry_run else ''}"
        f"{duration}",
        f"  candidates {report.candidates}, already seen {report.skipped_seen}, "
        f"fetched {report.fetched}, stored {report.stored}",
        "  verdicts: "
        + (
            ", ".join(f"{k} {report.verdicts[k]}" for k in VERDICT_ORDER if report.verdicts.get(k))
            or "none"
        ),
        f"  alerts: created {report.alerts_created}, sent {report.alerts_sent}, "
        f"failed {report.alerts_failed}",
    ]
    news = [d for d in report.decisions if d.verdict.kind in NEWS]
    if news:
        lines.append("  what is new:")
        for item in news:
            lines.append(f"    [{item.verdict.kind}] {item.title} ({item.site or item.source})")
            lines.append(f"      {item.url}")
            for fact in item.verdict.new_facts:
                lines.append(f"      + {fact}")
    failures = failures_by_item(report)
    if failures:
        lines.append(f"  errors ({len(report.failures)}):")
        for where, reasons in sorted(failures.items()):
            detail = ", ".join(f"{r} x{n}" if n > 1 else r for r, n in reasons.most_common())
            lines.append(f"    {where}: {detail}")
    return lines


def summary_markdown(report: RunReport) -> str:
    """Markdown summary of one pass, for the Prefect artifact."""
    out = [f"# {_md_escape(report.topic)}: run {report.run_id}", ""]
    out.append("| verdict | articles |")
    out.append("|---|---|")
    for kind in VERDICT_ORDER:
        out.append(f"| {kind} | {report.verdicts.get(kind, 0)} |")
    out.append("")
    out.append(
        f"Candidates {report.candidates}, already seen {report.skipped_seen}, fetched "
        f"{report.fetched}, stored {report.stored}. Alerts created {report.alerts_created}, "
        f"sent {report.alerts_sent}, failed {report.alerts_failed}."
    )
    for kind, heading in (("new_story", "New stories"), ("development", "Developments")):
        items = [d for d in report.decisions if d.verdict.kind == kind]
        if not items:
            continue
        out += ["", f"## {heading}", ""]
        for item in items:
            out.append(
                f"- [{_md_escape(item.title)}](<{item.url}>) ({_md_escape(item.site or item.source)})"
            )
            for fact in item.verdict.new_facts:
                out.append(f"  - {_md_escape(str(fact))}")
    failures = failures_by_item(report)
    if failures:
        out += ["", "## Errors", "", "| where | reason |", "|---|---|"]
        for where, reasons in sorted(failures.items()):
            detail = ", ".join(f"{r} x{n}" if n > 1 else r for r, n in reasons.most_common())
            out.append(f"| {_md_escape(where)} | {_md_escape(detail)} |")
    return "\n".join(out) + "\n"


def artifact_key(topic: str, kind: str) -> str:
    """A Prefect artifact key (lowercase letters, digits and dashes only) for a topic's `kind`."""
    slug = re.sub(r"[^a-z0-9]+", "-", topic.lower()).strip("-") or "topic"
    return f"{slug}-{kind}"


def article_rows(report: RunReport) -> list[dict[str, object]]:
    """One row per article the run stored, for the Prefect table artifact."""
    return [
        {
            "verdict": d.verdict.kind.value,
            "title": d.title,
            "url": d.url,
            "site": d.site or d.source,
            "language": d.language,
            "published": d.published.isoformat(),
            "story": d.verdict.story_id,
            "new facts": " | ".join(d.verdict.new_facts),
        }
        for d in report.decisions
    ]


def done_line(report: RunReport) -> str:
    """The run in one line, for a log."""
    verdicts = ", ".join(f"{k} {n}" for k, n in sorted(report.verdicts.items())) or "none"
    return (
        f"done: {report.candidates} candidates, {report.fetched} fetched, {report.stored} stored "
        f"({verdicts}), alerts created {report.alerts_created} sent {report.alerts_sent} "
        f"failed {report.alerts_failed}, {len(report.failures)} error(s)"
    )


def report_to_dict(report: RunReport) -> dict[str, Any]:
    return {
        "topic": report.topic,
        "run_id": report.run_id,
        "started": report.started.isoformat() if report.started else None,
        "finished": report.finished.isoformat() if report.finished else None,
        "dry_run": report.dry_run,
        "candidates": report.candidates,
        "skipped_seen": report.skipped_seen,
        "fetched": report.fetched,
        "stored": report.stored,
        "verdicts": dict(report.verdicts),
        "alerts_created": report.alerts_created,
        "alerts_sent": report.alerts_sent,
        "alerts_failed": report.alerts_failed,
        "failures": [_failure_dict(f) for f in report.failures],
        "items": [
            {
                "title": d.title,
                "url": d.url,
                "source": d.source,
                "site": d.site,
                "language": d.language,
                "published": d.published.isoformat(),
                "verdict": d.verdict.kind.value,
                "story_id": d.verdict.story_id,
                "new_facts": list(d.verdict.new_facts),
            }
            for d in report.decisions
        ],
    }


def _failure_dict(failure: Failure) -> dict[str, str]:
    return {"stage": failure.stage, "item": failure.item, "reason": failure.reason}


def result_dict(report: RunReport) -> dict[str, Any]:
    """The report as a flow returns it: counts, and errors grouped by item, without the items."""
    result = report_to_dict(report)
    del result["items"], result["failures"]
    result["errors"] = {where: dict(reasons) for where, reasons in failures_by_item(report).items()}
    return result


def page_failures(report: RunReport) -> str | None:
    """The run's failed pages by reason in one line ('12 page(s) failed: fetch: http 404 x9, ...')."""
    reasons = Counter(
        f"{f.stage}: {f.reason}" for f in report.failures if f.stage in ("fetch", "extract")
    )
    if not reasons:
        return None
    detail = ", ".join(f"{reason} x{n}" for reason, n in reasons.most_common())
    return f"{reasons.total()} page(s) failed: {detail}"
