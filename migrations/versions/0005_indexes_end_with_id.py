"""Listing and comment indexes end with the id

The home, category and article pages order by time and then id; with the id
in the index, PostgreSQL reads a page straight from it (keyset pagination)
instead of sorting. SQLite already keeps the rowid in every index.

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-28 00:17:08.608359

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0003'
branch_labels = None
depends_on = None

INDEXES = [
    ('articles', 'ix_articles_status_published_at', ['status', 'published_at']),
    ('articles', 'ix_articles_category_status_published_at', ['category_id', 'status', 'published_at']),
    ('comments', 'ix_comments_article_status_created_at', ['article_id', 'status', 'created_at']),
]


def upgrade():
    for table, name, columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
            batch_op.create_index(name, [*columns, 'id'], unique=False)


def downgrade():
    for table, name, columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
            batch_op.create_index(name, columns, unique=False)
