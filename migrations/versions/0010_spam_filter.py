"""The spam filter: token counts learnt from moderators, and each comment's score and lesson

``spam_tokens`` holds, per token, how many spam and genuine comments that
moderators decided contained it (and the totals, in the row ``*texts*``).
A comment keeps the score it got when posted and what the filter learnt from
it, so a moderator's correction un-learns exactly that lesson.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 13:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'spam_tokens',
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('spam', sa.Integer(), server_default='0', nullable=False),
        sa.Column('ham', sa.Integer(), server_default='0', nullable=False),
        sa.PrimaryKeyConstraint('token', name=op.f('pk_spam_tokens')),
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('spam_score', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('spam_trained', sa.String(length=4), server_default='', nullable=False))
        batch_op.create_index('ix_comments_status_spam_score', ['status', 'spam_score', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index('ix_comments_status_spam_score')
        batch_op.drop_column('spam_trained')
        batch_op.drop_column('spam_score')
    op.drop_table('spam_tokens')
