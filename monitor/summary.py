"""Turning a RunReport into words for people: the terminal summary and the Markdown of artifacts."""

from __future__ import annotations

from collections import Counter, defaultdict

from monitor.models import RunReport, VerdictKind

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
