"""Commenters' mail: confirmation mails sent (links and rate limits) and opt-in subscriptions

``confirmations`` holds each "is this your address?" mail: its signed link
names the row, and counting rows per address and per client is the rate
limit. ``subscriptions`` holds "email me when it is published and when
someone replies", one row per comment, with a keyed digest of the address
and when it was confirmed.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 13:45:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'confirmations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('purpose', sa.String(length=16), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('client_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_confirmations')),
        sqlite_autoincrement=True,
    )
    op.create_index('ix_confirmations_email_created_at', 'confirmations', ['email', 'created_at'])
    op.create_index('ix_confirmations_client_hash_created_at', 'confirmations', ['client_hash', 'created_at'])
    op.create_table(
        'subscriptions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('comment_id', sa.Integer(), nullable=False),
        sa.Column('email_digest', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('confirmed_at', sa.DateTime(), nullable=True),
        sa.Column('told_published', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_subscriptions_comment_id_comments'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_subscriptions')),
        sa.UniqueConstraint('comment_id', name=op.f('uq_subscriptions_comment_id')),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f('ix_subscriptions_email_digest'), 'subscriptions', ['email_digest'])


def downgrade():
    op.drop_index(op.f('ix_subscriptions_email_digest'), table_name='subscriptions')
    op.drop_table('subscriptions')
    op.drop_index('ix_confirmations_client_hash_created_at', table_name='confirmations')
    op.drop_index('ix_confirmations_email_created_at', table_name='confirmations')
    op.drop_table('confirmations')
