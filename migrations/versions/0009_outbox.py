"""The outbox: mail written in the transaction that causes it, sent by `flask outbox send`

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 11:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'outbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('recipients', sa.Text(), nullable=False),
        sa.Column('message', sa.Text(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
        sa.Column('claimed_until', sa.DateTime(), nullable=True),
        sa.Column('claimed_by', sa.String(length=32), nullable=False),
        sa.Column('last_error', sa.String(length=300), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
        sqlite_autoincrement=True,
    )
    op.create_index('ix_outbox_sent_at_next_attempt_at', 'outbox', ['sent_at', 'next_attempt_at', 'id'])


def downgrade():
    op.drop_index('ix_outbox_sent_at_next_attempt_at', table_name='outbox')
    op.drop_table('outbox')
