"""Images in articles: media:ID becomes a responsive <img>, other hosts' images are refused, used images stay."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from blogapp.extensions import db
from blogapp.storage.models import Article, MediaImage, Role

from helpers.forms import csrf_token_from
from helpers.images import image_bytes
from helpers.publishing import article_block, article_form, sign_in


@pytest.fixture
def app_config(request, tmp_path):
    return {"MEDIA_DIR": str(tmp_path / "media"), **getattr(request, "param", {})}


@pytest.fixture
def editor(client, make, post_form):
    sign_in(make, post_form, Role.EDITOR)
    return client


def uploaded(client, size=(2000, 1000), alt="A grey ramp") -> MediaImage:
    token = csrf_token_from(client.get("/desk/media/").get_data(as_text=True))
    response = client.post("/desk/media/upload", content_type="multipart/form-data", data={
        "csrf_token": token, "alt_text": alt, "image": (io.BytesIO(image_bytes("JPEG", size)), "x.jpg")})
    assert response.status_code == 303
    return db.session.get(MediaImage, int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1]))


def save_article(client, post_form, make, body: str, **fields):
    category = make.category()
    return post_form("/desk/articles/new", "/desk/articles/new", article_form(category.id, body=body, **fields))


def test_media_references_render_srcset_sizes_and_dimensions(app, editor, make, post_form):
    first, second = uploaded(editor), uploaded(editor, size=(800, 600), alt="A small one")
    body = f"Intro.\n\n![](media:{first.id})\n\nMore.\n\n![Described here](media:{second.id})\n"
    assert save_article(editor, post_form, make, body, title="Pictures").status_code == 303
    page = article_block(editor.get("/articles/pictures/").get_data(as_text=True))
    one = f'/media/{first.digest[:24]}'
    assert f'src="{one}-960.jpg"' in page
    assert f'srcset="{one}-480.jpg 480w, {one}-960.jpg 960w, {one}-1600.jpg 1600w"' in page
    assert 'width="1600" height="800"' in page and 'sizes="(max-width: 46rem)' in page
    assert 'alt="A grey ramp"' in page and 'alt="Described here"' in page
    # Only the images after the first wait until the reader scrolls near them.
    first_tag, second_tag = page.split("<img")[1], page.split("<img")[2]
    assert "loading" not in first_tag.split(">")[0] and 'loading="lazy"' in second_tag.split(">")[0]
    assert 'width="800" height="600"' in second_tag


@pytest.mark.parametrize("body", [
    "Look:\n\n![a chart](https://cdn.example.com/chart.png)",
    "Look:\n\n<p><img src=\"//cdn.example.com/chart.png\" alt=\"x\"></p>",
    "Look:\n\n<img src=\"/media/x.jpg\" srcset=\"https://cdn.example.com/chart.png 2x\">",
])
def test_an_image_on_another_host_is_refused_at_save_with_the_way_to_upload_it(app, editor, make, post_form, body):
    response = save_article(editor, post_form, make, body)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Line 3: the image" in page and "cdn.example.com/chart.png" in page and "Upload it under Media" in page
    assert db.session.scalar(select(func.count(Article.id))) == 0


def test_an_unknown_media_reference_is_refused(app, editor, make, post_form):
    response = save_article(editor, post_form, make, "![x](media:999)")
    assert response.status_code == 400
    assert "Line 1: there is no image media:999" in response.get_data(as_text=True)


def test_the_allowlist_drops_other_hosts_images_whatever_saved_them(app, make):
    article = make.article(body_markdown="![x](https://tracker.example/p.gif) <img src='http://t.example/a.png'> ok")
    assert "<img" not in article.body_html and "tracker.example" not in article.body_html


def test_the_csp_allows_images_only_from_the_blog(app, client, make):
    article = make.article()
    csp = client.get(f"/articles/{article.slug}/").headers["Content-Security-Policy"]
    assert "img-src 'self' data:;" in csp and "https:" not in csp


def test_the_media_page_lists_articles_and_an_image_in_use_is_not_deleted(app, editor, make, post_form):
    image = uploaded(editor)
    save_article(editor, post_form, make, f"![](media:{image.id})", title="Uses the ramp")
    listing = editor.get("/desk/media/").get_data(as_text=True)
    assert "Uses the ramp" in listing and "A grey ramp" in listing and f"media:{image.id}" in listing
    token = csrf_token_from(listing)
    response = editor.post(f"/desk/media/{image.id}/delete", data={"csrf_token": token})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "nothing was deleted" in page and "Uses the ramp" in page
    assert db.session.get(MediaImage, image.id) is not None
    assert editor.get(f"/media/{image.file_name(960)}").status_code == 200


def test_an_unused_image_is_deleted_with_its_files(app, editor, make, post_form):
    image = uploaded(editor)
    article_response = save_article(editor, post_form, make, f"![](media:{image.id})", title="Was using it")
    article = db.session.scalar(select(Article))
    # The editor takes the image out of the article: now it may go.
    edit = f"/desk/articles/{article.id}/edit"
    post_form(edit, edit, article_form(article.category_id, title="Was using it", body="No picture now.", version="1"))
    assert article_response.status_code == 303
    names = image.file_names()
    token = csrf_token_from(editor.get("/desk/media/").get_data(as_text=True))
    response = editor.post(f"/desk/media/{image.id}/delete", data={"csrf_token": token})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(MediaImage, image.id) is None
    assert all(editor.get(f"/media/{name}").status_code == 404 for name in names)


def test_a_new_alt_text_reaches_the_articles_that_use_the_librarys(app, editor, make, post_form):
    image = uploaded(editor)
    save_article(editor, post_form, make, f"![](media:{image.id})\n\n![Its own words](media:{image.id})",
                 title="Alt follows")
    page = f"/desk/media/{image.id}/"
    assert post_form(page, f"/desk/media/{image.id}/alt", {"alt_text": "A ramp from black to white"}).status_code == 303
    shown = article_block(editor.get("/articles/alt-follows/").get_data(as_text=True))
    assert 'alt="A ramp from black to white"' in shown and 'alt="Its own words"' in shown
    assert 'alt="A grey ramp"' not in shown
