"""Articles keep their comment counts

An article page showed how many comments it has and how many pages of
threads, and a comment post needed the number of threads: each counted the
article's comments, about 100 ms on an article with 50,000 of them (on every
post, inside SQLite's write transaction). The counts are now columns of the
article, counted again when its comments change (blogapp/comments/counts.py).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 07:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# Frozen here on purpose: the counts as blogapp/comments/counts.py defines them
# at this revision. A thread starts at an approved comment whose parent is not
# an approved comment.
COUNT_ALL = """
UPDATE articles SET
  approved_comments = (
    SELECT count(*) FROM comments
    WHERE comments.article_id = articles.id AND comments.status = 'approved'),
  comment_threads = (
    SELECT count(*) FROM comments
    LEFT OUTER JOIN comments AS parents ON parents.id = comments.parent_id AND parents.status = 'approved'
    WHERE comments.article_id = articles.id AND comments.status = 'approved' AND parents.id IS NULL)
"""


def upgrade():
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approved_comments', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('comment_threads', sa.Integer(), server_default='0', nullable=False))
    op.execute(COUNT_ALL)


def downgrade():
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_column('comment_threads')
        batch_op.drop_column('approved_comments')
