"""story embeddings: the sum of a story's headline-and-lead embeddings

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 18:50:00

Stories stored before this revision have none; the story memory uses their term cosine in its
place and starts their sum with their next article.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("memory_stories", schema=None) as batch_op:
        batch_op.add_column(sa.Column("embedding", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("memory_stories", schema=None) as batch_op:
        batch_op.drop_column("embedding")
