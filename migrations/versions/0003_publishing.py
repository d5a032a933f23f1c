"""Add article versions, slug history and the search index

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 23:47:01.152450

"""
import sqlalchemy as sa
from alembic import op

from blogapp.storage.search_index import rebuild

# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('category_slug_redirects',
    sa.Column('old_slug', sa.String(length=80), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_category_slug_redirects_category_id_categories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('old_slug', name=op.f('pk_category_slug_redirects'))
    )
    with op.batch_alter_table('category_slug_redirects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_category_slug_redirects_category_id'), ['category_id'], unique=False)

    op.create_table('article_slug_redirects',
    sa.Column('old_slug', sa.String(length=200), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_slug_redirects_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('old_slug', name=op.f('pk_article_slug_redirects'))
    )
    with op.batch_alter_table('article_slug_redirects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_slug_redirects_article_id'), ['article_id'], unique=False)

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    create_search_index()
    # Index the articles that already exist, with the same code that indexes new ones.
    rebuild(op.get_bind())


def create_search_index():
    """The full-text index: no model describes it, so it is made here by hand."""
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(
            'CREATE TABLE article_search ('
            ' article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,'
            ' document TSVECTOR NOT NULL)'
        )
        op.execute('CREATE INDEX article_search_document ON article_search USING GIN (document)')
    else:
        op.execute(
            "CREATE VIRTUAL TABLE article_search USING fts5("
            "title, summary, body, tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        # A virtual table has no foreign keys: forget deleted articles here,
        # whoever deletes them.
        op.execute(
            'CREATE TRIGGER article_search_forget AFTER DELETE ON articles '
            'BEGIN DELETE FROM article_search WHERE rowid = old.id; END'
        )


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        op.execute('DROP TRIGGER article_search_forget')
    op.execute('DROP TABLE article_search')

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('article_slug_redirects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_slug_redirects_article_id'))

    op.drop_table('article_slug_redirects')
    with op.batch_alter_table('category_slug_redirects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_category_slug_redirects_category_id'))

    op.drop_table('category_slug_redirects')
