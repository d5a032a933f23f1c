"""Moderators' mail: staff email addresses, held comments waiting for the digest, periodic jobs

``users.email`` is where a moderator gets mail with their own one-time
links; ``held_notices`` lists held comments until a digest mail names them;
``periodic_runs`` remembers when the sender's periodic jobs (the daily
purge, the digest) are next due.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 13:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), server_default='', nullable=False))
    op.create_table(
        'held_notices',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('comment_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('digested_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_held_notices_comment_id_comments'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_held_notices')),
        sqlite_autoincrement=True,
    )
    op.create_index('ix_held_notices_digested_at_id', 'held_notices', ['digested_at', 'id'])
    op.create_index(op.f('ix_held_notices_comment_id'), 'held_notices', ['comment_id'])
    op.create_table(
        'periodic_runs',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('next_run_at', sa.DateTime(), nullable=False),
        sa.Column('last_started_at', sa.DateTime(), nullable=True),
        sa.Column('last_finished_at', sa.DateTime(), nullable=True),
        sa.Column('last_outcome', sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_periodic_runs')),
    )


def downgrade():
    op.drop_table('periodic_runs')
    op.drop_index(op.f('ix_held_notices_comment_id'), table_name='held_notices')
    op.drop_index('ix_held_notices_digested_at_id', table_name='held_notices')
    op.drop_table('held_notices')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email')
