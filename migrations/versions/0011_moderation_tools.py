"""Moderation tools: block lists and bans in the database, readers' reports, per-category comment rules

``block_entries`` holds the block lists (emails, @domains, hosts, words,
client hashes) that were settings; ``block_seeds`` remembers which configured
values were copied in. ``bans`` and ``ban_moves`` record each ban and the
comments it sent to spam, with their status before. ``comment_reports``
holds readers' reports. ``categories`` gains its pre-moderation mode, its
own close-after-days and link limit (NULL: the global setting).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 13:45:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def _create_bans():
    op.create_table(
        'bans',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('comment_id', sa.Integer(), nullable=True),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('client_hash', sa.String(length=64), nullable=False),
        sa.Column('username', sa.String(length=80), nullable=False),
        sa.Column('lifted_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bans')),
        sqlite_autoincrement=True,
    )
    op.create_table(
        'ban_moves',
        sa.Column('ban_id', sa.Integer(), nullable=False),
        sa.Column('comment_id', sa.Integer(), nullable=False),
        sa.Column('previous_status', sa.Enum('pending', 'approved', 'spam', 'trash', name='commentstatus',
                                             native_enum=False, length=16), nullable=False),
        sa.ForeignKeyConstraint(['ban_id'], ['bans.id'], name=op.f('fk_ban_moves_ban_id_bans'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_ban_moves_comment_id_comments'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('ban_id', 'comment_id', name=op.f('pk_ban_moves')),
    )
    op.create_index(op.f('ix_ban_moves_comment_id'), 'ban_moves', ['comment_id'])


def _create_block_lists():
    kind = sa.Enum('email', 'domain', 'host', 'word', 'client', name='blockkind', native_enum=False, length=16)
    op.create_table(
        'block_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', kind, nullable=False),
        sa.Column('value', sa.String(length=254), nullable=False),
        sa.Column('note', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('ban_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['ban_id'], ['bans.id'], name=op.f('fk_block_entries_ban_id_bans'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_block_entries')),
        sa.UniqueConstraint('kind', 'value', name=op.f('uq_block_entries_kind')),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f('ix_block_entries_ban_id'), 'block_entries', ['ban_id'])
    op.create_table(
        'block_seeds',
        sa.Column('kind', kind, nullable=False),
        sa.Column('value', sa.String(length=254), nullable=False),
        sa.PrimaryKeyConstraint('kind', 'value', name=op.f('pk_block_seeds')),
    )


def _create_reports():
    op.create_table(
        'comment_reports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('comment_id', sa.Integer(), nullable=False),
        sa.Column('client_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('reviewed', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_comment_reports_comment_id_comments'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_reports')),
        sa.UniqueConstraint('comment_id', 'client_hash', name=op.f('uq_comment_reports_comment_id')),
        sqlite_autoincrement=True,
    )


def upgrade():
    _create_bans()
    _create_block_lists()
    _create_reports()
    mode = sa.Enum('all', 'first-time', 'links', 'none', name='premoderation', native_enum=False, length=16)
    with op.batch_alter_table('categories', table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('premoderation', mode, server_default='all', nullable=False))
        batch_op.add_column(sa.Column('comments_close_after_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('comment_max_links', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('categories', table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_column('comment_max_links')
        batch_op.drop_column('comments_close_after_days')
        batch_op.drop_column('premoderation')
    op.drop_table('comment_reports')
    op.drop_table('block_seeds')
    op.drop_index(op.f('ix_block_entries_ban_id'), table_name='block_entries')
    op.drop_table('block_entries')
    op.drop_index(op.f('ix_ban_moves_comment_id'), table_name='ban_moves')
    op.drop_table('ban_moves')
    op.drop_table('bans')
