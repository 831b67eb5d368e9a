"""the story sentences' index covers the article: (story_id, fingerprint, doc_id)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 02:00:00

The look-up of the article an article copies sentence for sentence reads, per sentence, which
of the story's articles hold it; with doc_id in the index that is read from the index alone,
however many articles of a long story repeat the sentence.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("memory_sentences", schema=None) as batch_op:
        batch_op.create_index(
            "ix_memory_sentences_story_fp_doc", ["story_id", "fingerprint", "doc_id"], unique=False
        )
        batch_op.drop_index("ix_memory_sentences_story_fp")


def downgrade() -> None:
    with op.batch_alter_table("memory_sentences", schema=None) as batch_op:
        batch_op.create_index(
            "ix_memory_sentences_story_fp", ["story_id", "fingerprint"], unique=False
        )
        batch_op.drop_index("ix_memory_sentences_story_fp_doc")
