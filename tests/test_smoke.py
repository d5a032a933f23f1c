def test_home_page_lists_published_articles(client, make):
    make.article(title="Hello readers")
    response = client.get("/")
    assert response.status_code == 200
    assert "Hello readers" in response.get_data(as_text=True)
