"""feedback: muted stories and the user's corrections of verdicts

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 18:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import monitor.store.schema

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "story_mutes",
        sa.Column("story_id", BIG_ID, nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("muted_at", monitor.store.schema.UtcDateTime(timezone=True), nullable=False),
        sa.Column("until", monitor.store.schema.UtcDateTime(timezone=True), nullable=True),
        sa.Column("woke_at", monitor.store.schema.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_story_mutes_story_id_stories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("story_id", name=op.f("pk_story_mutes")),
    )
    op.create_table(
        "corrections",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("article_id", BIG_ID, nullable=False),
        sa.Column("verdict_id", BIG_ID, nullable=True),
        sa.Column("story_id", BIG_ID, nullable=True),
        sa.Column("verdict_was", sa.String(length=20), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("new_facts_was", sa.JSON(), nullable=False),
        sa.Column("duplicate_of_was", sa.String(length=200), nullable=True),
        sa.Column("created_at", monitor.store.schema.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", monitor.store.schema.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_corrections_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"], ["stories.id"], name=op.f("fk_corrections_story_id_stories")
        ),
        sa.ForeignKeyConstraint(
            ["verdict_id"], ["verdicts.id"], name=op.f("fk_corrections_verdict_id_verdicts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections")),
        sa.UniqueConstraint("article_id", name=op.f("uq_corrections_article_id")),
    )
    with op.batch_alter_table("corrections", schema=None) as batch_op:
        batch_op.create_index("ix_corrections_topic_created", ["topic", "created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("corrections", schema=None) as batch_op:
        batch_op.drop_index("ix_corrections_topic_created")
    op.drop_table("corrections")
    op.drop_table("story_mutes")
