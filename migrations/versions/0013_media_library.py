"""The media library: uploaded images (media_images) and the articles that show them (article_images)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 13:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'media_images',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('alt_text', sa.String(length=300), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('format', sa.String(length=8), nullable=False),
        sa.Column('widths', sa.String(length=100), nullable=False),
        sa.Column('byte_size', sa.Integer(), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_media_images_uploaded_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_media_images')),
        sa.UniqueConstraint('digest', name=op.f('uq_media_images_digest')),
        sqlite_autoincrement=True,
    )
    op.create_table(
        'article_images',
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('image_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_images_article_id_articles'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['image_id'], ['media_images.id'], name=op.f('fk_article_images_image_id_media_images'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('article_id', 'image_id', name=op.f('pk_article_images')),
    )
    op.create_index('ix_article_images_image_id', 'article_images', ['image_id'])


def downgrade():
    op.drop_index('ix_article_images_image_id', table_name='article_images')
    op.drop_table('article_images')
    op.drop_table('media_images')
