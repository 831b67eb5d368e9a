"""word sketches: a MinHash sketch of each recorded article's distinct words, and their number

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 07:40:00

A wire copy reworded sentence by sentence keeps its original's words but few of its 4-shingles;
the story memory compares an article with its story's recent articles by these sketches (read by
the new index on a story's articles). Articles stored before this revision have none and are
compared by their shingle sketch and sentences alone, as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("memory_docs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("word_count", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("word_signature", sa.LargeBinary(), nullable=True))
        batch_op.create_index("ix_memory_docs_story", ["story_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("memory_docs", schema=None) as batch_op:
        batch_op.drop_index("ix_memory_docs_story")
        batch_op.drop_column("word_signature")
        batch_op.drop_column("word_count")
