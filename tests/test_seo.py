import pytest

pytestmark = pytest.mark.django_db


def test_root_redirects_to_the_visitors_language(client):
    response = client.get("/", headers={"accept-language": "en"})

    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_root_redirects_to_chinese_by_default(client):
    response = client.get("/")

    assert response["Location"] == "/zh-hans/"


def test_home_page_has_title_canonical_and_hreflang_alternates(client):
    html = client.get("/en/").content.decode()

    assert "<title>" in html
    assert '<link rel="canonical" href="http://testserver/en/">' in html
    assert 'hreflang="zh-hans" href="http://testserver/zh-hans/"' in html
    assert 'hreflang="x-default" href="http://testserver/zh-hans/"' in html
