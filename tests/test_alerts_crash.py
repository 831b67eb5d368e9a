"""A process that dies between sending an alert and recording it does not cause a duplicate.

The delivering process runs as a real subprocess with MONITOR_ALERTS_CRASH_AFTER_SEND=1, the
documented hook in monitor/alerts/deliver.py that ends it with os._exit(70) right after apprise
returned and before the outcome is written: the worst moment, as a kill -9 would pick it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from monitor.alerts import deliver_pending
from monitor.alerts.deliver import CRASH_HOOK, SENDING_GRACE
from monitor.store.schema import DeliveryRow, utcnow
from tests.targets import WebhookReceiver
from tests.test_alerts_kit import Scenario, make_db, make_settings, make_topic

ROOT = Path(__file__).resolve().parent.parent

DELIVER = textwrap.dedent(
    """
    import sys
    from monitor.alerts import deliver_pending
    from monitor.store import Database
    from tests.test_alerts_kit import make_settings, make_topic

    tmp, url = sys.argv[1], sys.argv[2]
    db = Database(f"sqlite:///{tmp}/alerts.db")
    deliver_pending(db, make_topic(), make_settings(__import__("pathlib").Path(tmp), url))
    print("finished without crashing")
    """
)


def test_a_crash_right_after_sending_never_leads_to_a_second_send(tmp_path: Path) -> None:
    scenario = Scenario(make_db(tmp_path), make_topic())
    scenario.treaty()
    with WebhookReceiver() as hook:
        env = {**os.environ, CRASH_HOOK: "1", "PYTHONPATH": str(ROOT)}
        crashed = subprocess.run(
            [sys.executable, "-c", DELIVER, str(tmp_path), hook.url],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert crashed.returncode == 70, crashed.stderr
        assert "finished" not in crashed.stdout
        assert len(hook.posts) == 1  # the channel got it; the database never heard back

        settings = make_settings(tmp_path, hook.url)
        # the restart right away: the first alert is left alone, the second one goes out
        restart = deliver_pending(scenario.db, scenario.topic, settings)
        assert (restart.sent, restart.in_flight) == (1, 1)
        # a later run settles the orphan as unconfirmed, and still sends nothing again
        later = deliver_pending(
            scenario.db, scenario.topic, settings, now=utcnow() + SENDING_GRACE * 2
        )
        assert (later.sent, later.unconfirmed) == (0, 1)
        final = deliver_pending(
            scenario.db, scenario.topic, settings, now=utcnow() + timedelta(days=1)
        )
        assert final.sent == 0

    titles = [p["title"] for p in hook.posts]
    assert len(titles) == 2
    assert len(set(titles)) == 2
    with scenario.db.session() as session:
        states = sorted(d.state for d in session.scalars(select(DeliveryRow)))
    assert states == ["sent", "unconfirmed"]
    assert {a.status for a in scenario.alerts()} == {"sent"}
