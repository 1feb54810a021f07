"""Language prefixes, titles, canonical and alternate links, OpenGraph, JSON-LD, sitemap, robots."""

import json
import re

import pytest

from tests.factories import (
    EditionFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html):
    return [json.loads(block) for block in JSON_LD.findall(html)]


def test_root_redirects_to_the_visitors_language(client):
    response = client.get("/", headers={"accept-language": "en"})

    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_root_redirects_to_chinese_by_default(client):
    response = client.get("/")

    assert response["Location"] == "/zh-hans/"


def test_page_declares_its_language(client):
    assert '<html lang="en">' in client.get("/en/").content.decode()
    assert '<html lang="zh-hans">' in client.get("/zh-hans/").content.decode()


def test_home_page_has_title_canonical_and_hreflang_alternates(client):
    html = client.get("/en/").content.decode()

    assert "<title>" in html
    assert '<link rel="canonical" href="http://testserver/en/">' in html
    assert 'hreflang="zh-hans" href="http://testserver/zh-hans/"' in html
    assert 'hreflang="en" href="http://testserver/en/"' in html
    assert 'hreflang="x-default" href="http://testserver/zh-hans/"' in html


def test_person_page_title_and_description_name_the_person(client):
    person = PersonFactory(name_en="Chen Weiliang", headline_en="Founder of MetaX")

    html = client.get(f"/en/people/{person.slug}/").content.decode()

    assert re.search(r"<title>Chen Weiliang · Founder of MetaX · [^<]+</title>", html)
    assert '<meta name="description" content="Chen Weiliang: Founder of MetaX">' in html


def test_person_page_has_opengraph_tags(client):
    person = PersonFactory(name_en="Chen Weiliang")

    html = client.get(f"/en/people/{person.slug}/").content.decode()

    assert '<meta property="og:title" content="Chen Weiliang">' in html
    assert '<meta property="og:type" content="profile">' in html
    assert f'<meta property="og:url" content="http://testserver/en/people/{person.slug}/">' in html
    assert '<meta property="og:locale" content="en_US">' in html


def test_language_switch_keeps_the_visitor_on_the_same_person(client):
    person = PersonFactory()

    html = client.get(f"/en/people/{person.slug}/").content.decode()

    assert f'<a href="/zh-hans/people/{person.slug}/" hreflang="zh-hans"' in html


def test_language_switch_keeps_the_filters(client):
    html = client.get("/zh-hans/people/?role=founder").content.decode()

    assert '<a href="/en/people/?role=founder" hreflang="en"' in html


def test_person_json_ld(client):
    role = RoleFactory(person__name_en="Chen Weiliang", title_en="Chairman")

    (data,) = json_ld(client.get(f"/en/people/{role.person.slug}/").content.decode())

    assert data["@type"] == "Person"
    assert data["name"] == "Chen Weiliang"
    assert data["jobTitle"] == "Chairman"
    assert data["worksFor"][0]["name"] == role.organization.name_en


def test_organization_json_ld(client):
    organization = OrganizationFactory(name_en="MetaX", founded_year=2020)

    (data,) = json_ld(client.get(f"/en/organizations/{organization.slug}/").content.decode())

    assert data["@type"] == "Organization"
    assert data["foundingDate"] == "2020"


def test_edition_json_ld_is_an_event(client):
    edition = EditionFactory(number=6, venue_en="Shanghai Tower")
    ParticipationFactory(edition=edition, role="speaker", person__name_en="Keynote")

    (data,) = json_ld(client.get("/en/editions/6/").content.decode())

    assert data["@type"] == "Event"
    assert data["startDate"] == edition.start_date.isoformat()
    assert data["location"]["name"] == "Shanghai Tower"
    assert data["performer"][0]["name"] == "Keynote"


def test_json_ld_cannot_close_its_script_element(client):
    person = PersonFactory(name_en="</script><script>alert(1)</script>")

    html = client.get(f"/en/people/{person.slug}/").content.decode()

    assert "<script>alert(1)" not in html
    assert json_ld(html)[0]["name"] == "</script><script>alert(1)</script>"


def test_pages_carry_no_inline_script(client):
    person = PersonFactory()

    html = client.get(f"/en/people/{person.slug}/").content.decode()

    scripts = re.findall(r"<script(?![^>]*application/ld\+json)[^>]*>", html)
    assert scripts == ['<script src="/static/js/site.js" defer>']  # a file: no inline code
    assert " style=" not in html


def test_content_security_policy_header_is_sent(client):
    policy = client.get("/en/").headers["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy


def test_sitemap_lists_every_public_page_in_both_languages(client):
    person = PersonFactory()
    PersonFactory(slug="draft-person", is_published=False)

    xml = client.get("/sitemap.xml").content.decode()

    assert f"<loc>http://testserver/zh-hans/people/{person.slug}/</loc>" in xml
    assert f"<loc>http://testserver/en/people/{person.slug}/</loc>" in xml
    assert "draft-person" not in xml


def test_sitemap_gives_hreflang_alternates(client):
    person = PersonFactory()

    xml = client.get("/sitemap.xml").content.decode()

    assert (
        f'<xhtml:link rel="alternate" hreflang="en" href="http://testserver/en/people/{person.slug}/"/>'
        in xml
    )
    assert 'hreflang="x-default"' in xml


@pytest.mark.parametrize("method", ["TRACE", "OPTIONS", "POST", "PUT", "DELETE"])
def test_sitemap_answers_only_get_and_head(client, method):
    response = client.generic(method, "/sitemap.xml")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_admin(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_not_found_page_uses_the_site_design(client):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'class="site-header"' in html


def test_server_error_page_renders_without_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")

    assert "500" in html
    assert "<!DOCTYPE html>" in html


def test_language_switch_on_a_missing_page_leads_to_the_other_home_page(client):
    html = client.get("/en/no-such-page/").content.decode()

    assert '<a href="/zh-hans/" hreflang="zh-hans"' in html
