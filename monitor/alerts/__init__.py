"""Alerts: rendering messages, the outbox written with each verdict, delivery through apprise."""

from monitor.alerts.deliver import (
    DeliveryReport,
    Target,
    TargetResult,
    deliver_pending,
    load_targets,
    reconcile,
    redact,
    route,
    scrub,
    send_test,
    topic_targets,
)
from monitor.alerts.outbox import (
    AlertView,
    alert_worthy,
    enqueue,
    idempotency_key,
    list_alerts,
    reset_for_retry,
)
from monitor.alerts.render import Limits, Message, Style, render, render_terminal

__all__ = [
    "AlertView",
    "DeliveryReport",
    "Limits",
    "Message",
    "Style",
    "Target",
    "TargetResult",
    "alert_worthy",
    "deliver_pending",
    "enqueue",
    "idempotency_key",
    "list_alerts",
    "load_targets",
    "reconcile",
    "redact",
    "render",
    "render_terminal",
    "reset_for_retry",
    "route",
    "scrub",
    "send_test",
    "topic_targets",
]
