"""story step embeddings: the headline-and-lead embedding of a story's latest step's report

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 17:10:00

A report in another language of the story's step of the last days is known, not a development,
when it tells what that step's report told (their embeddings lie close). Stories stored before
this revision have none until their next step; until then such a report is judged as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("memory_stories", schema=None) as batch_op:
        batch_op.add_column(sa.Column("step_embedding", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("memory_stories", schema=None) as batch_op:
        batch_op.drop_column("step_embedding")
