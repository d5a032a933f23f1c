"""Staff sessions that can be ended, ids never reused, comments their authors can prove

Three changes for the same attack: a cookie or a memory that names a row by
its id alone. Staff sign-ins get rows of their own (staff_sessions), so a
cookie names a session that can be deleted. On SQLite the tables whose ids
leave the database (users, categories, articles, comments, the audit log) are
rebuilt with AUTOINCREMENT, keeping every row, so a deleted row's id is never
handed out again; PostgreSQL's sequences never reuse one. Comments keep the
digest of a key their author's session holds (owner_digest).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 06:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# Parents before children; every one of them keeps its rows and ids.
TABLES_WITH_PUBLIC_IDS = ('users', 'categories', 'articles', 'comments', 'audit_log')
# Dropped with the articles table when SQLite copies it: made again (as in 0003).
SEARCH_TRIGGER = (
    'CREATE TRIGGER article_search_forget AFTER DELETE ON articles '
    'BEGIN DELETE FROM article_search WHERE rowid = old.id; END'
)


def upgrade():
    op.create_table('staff_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key_digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_staff_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_sessions')),
    sa.UniqueConstraint('key_digest', name=op.f('uq_staff_sessions_key_digest')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('staff_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_sessions_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_digest', sa.String(length=64), server_default='', nullable=False))

    if op.get_bind().dialect.name == 'sqlite':
        rebuild_tables(autoincrement=True)


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        rebuild_tables(autoincrement=False)

    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_column('owner_digest')

    with op.batch_alter_table('staff_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_sessions_user_id'))
    op.drop_table('staff_sessions')


def rebuild_tables(autoincrement):
    """Copy each table into one declared with (or without) AUTOINCREMENT, rows and ids kept.

    migrations/env.py turns SQLite's foreign keys off meanwhile and checks them after.
    """
    for table in TABLES_WITH_PUBLIC_IDS:
        with op.batch_alter_table(table, recreate='always',
                                  table_kwargs={'sqlite_autoincrement': autoincrement}):
            pass
        if table == 'articles':
            op.execute('DROP TRIGGER IF EXISTS article_search_forget')
            op.execute(SEARCH_TRIGGER)
