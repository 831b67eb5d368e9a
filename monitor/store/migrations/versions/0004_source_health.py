"""source health: per source, failed runs in a row, the last new candidate, maintenance alerts

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 18:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import monitor.store.schema

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    when = monitor.store.schema.UtcDateTime(timezone=True)
    op.create_table(
        "source_health",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column(
            "last_run_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("last_checked_at", when, nullable=True),
        sa.Column("last_ok_at", when, nullable=True),
        sa.Column("last_failed_at", when, nullable=True),
        sa.Column("last_new_at", when, nullable=True),
        sa.Column("tracked_since", when, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("problem_since", when, nullable=True),
        sa.Column("alerted_at", when, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_health")),
        sa.UniqueConstraint("topic", "source", name=op.f("uq_source_health_topic")),
    )


def downgrade() -> None:
    op.drop_table("source_health")
