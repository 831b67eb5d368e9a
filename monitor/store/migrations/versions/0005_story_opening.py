"""story openings: the sum of a story's opening embeddings (headline and the body's start)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 22:10:00

Stories stored before this revision have none; the story memory uses their headline-and-lead
embedding cosine in its place and starts their sum with their next article.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("memory_stories", schema=None) as batch_op:
        batch_op.add_column(sa.Column("opening", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("memory_stories", schema=None) as batch_op:
        batch_op.drop_column("opening")
