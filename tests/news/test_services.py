"""Saving articles and tags (the service the admin and the demo call) and rich text kept to
the nh3 allow-list: hostile HTML in, safe HTML out, on save and on display."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from config.common.text import ALLOWED_TAGS, sanitize_html
from forum.demo.data import read_seed
from forum.news.models import Article, Tag
from forum.news.services import article_save, tag_save
from profiles.models import Person
from profiles.services import person_save
from tests.factories import ArticleFactory, PersonFactory, TagFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
    ('<p onclick="steal()">ok</p>', "<p>ok</p>"),
    ('<img src=x onerror="steal()">', ""),
    ('<a href="javascript:steal()">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
    (
        '<a href="https://example.com" target="_blank" style="color:red">x</a>',
        '<a href="https://example.com" rel="noopener noreferrer nofollow">x</a>',
    ),
    ("<iframe src=https://evil.example></iframe><p>ok</p>", "<p>ok</p>"),
    ("<style>body{display:none}</style><p>ok</p>", "<p>ok</p>"),
    ("<svg><script>alert(1)</script></svg>", ""),
    ('<p style="position:fixed">x</p>', "<p>x</p>"),
    ("<!-- secret --><h2>Title</h2>", "<h2>Title</h2>"),
    ('<form action="https://evil.example"><input name=x></form>', ""),
    ("<h1>big</h1><h4>small</h4>", "bigsmall"),
    ('<blockquote cite="x"><p>said</p></blockquote>', "<blockquote><p>said</p></blockquote>"),
    ("<math><mi xlink:href=javascript:alert(1)>x</mi></math>", ""),
]


@pytest.mark.parametrize(("dirty", "clean"), HOSTILE)
def test_article_save_keeps_bodies_to_the_allow_list(dirty, clean):
    article = article_save(article=Article(title_zh="标题", slug="a", body_zh=dirty, body_en=dirty))

    assert article.body_zh == clean
    assert article.body_en == clean


@pytest.mark.parametrize(("dirty", "clean"), HOSTILE)
def test_person_save_keeps_bios_to_the_allow_list(dirty, clean):
    person = person_save(person=Person(name_zh="某人", slug="mou-ren", bio_zh=dirty))

    assert person.bio_zh == clean


@pytest.mark.parametrize(("dirty", "clean"), HOSTILE)
def test_a_body_written_around_the_service_is_cleaned_on_display(client, dirty, clean):
    article = ArticleFactory(body_en=dirty)  # the factory writes the row as it is

    html = client.get(f"/en/news/{article.slug}/").content.decode()

    for danger in ("steal()", "alert(1)", "<iframe", "<style>body", "onerror", "javascript:"):
        assert danger not in html


def test_the_model_clean_sanitizes_rich_text_too():
    article = Article(title_zh="标题", slug="b", body_zh="<p onclick=x>hi</p><script>1</script>")

    article.full_clean()

    assert article.body_zh == "<p>hi</p>"


def test_the_editor_offers_only_what_the_allow_list_keeps():
    field = Article._meta.get_field("body_zh")
    offered = set(field.config["extensions"])

    assert {"Bold", "Italic", "Heading", "BulletList", "OrderedList", "Blockquote", "Link"} <= (
        offered
    )
    assert not offered & {"Image", "Table", "Code", "CodeBlock", "Underline", "Strike", "HTML"}
    assert {"h2", "h3", "blockquote", "strong", "em", "ul", "ol", "li", "a", "p", "br"} == set(
        ALLOWED_TAGS
    )


def test_every_biography_of_the_demo_is_kept_exactly_by_the_allow_list():
    """Existing HTML biographies need no conversion: the editor stores the same HTML column,
    and the allow-list keeps every one of them as written."""
    bios = [
        person.fields[key]
        for person in read_seed().people
        for key in ("bio_zh", "bio_en")
        if person.fields.get(key)
    ]

    assert bios
    for bio in bios:
        assert sanitize_html(bio) == bio


def test_slug_from_the_english_title_when_blank():
    article = article_save(article=Article(title_zh="沐曦上市", title_en="MetaX lists"))

    assert article.slug == "metax-lists"


def test_an_english_summary_needs_an_english_body():
    with pytest.raises(ValidationError) as error:
        article_save(
            article=Article(title_zh="标题", slug="c", body_zh="<p>x</p>", body_en_is_summary=True)
        )

    assert "body_en_is_summary" in error.value.message_dict


def test_a_duplicate_slug_is_refused_on_the_field():
    ArticleFactory(slug="taken")

    with pytest.raises(ValidationError) as error:
        article_save(article=Article(title_zh="标题", slug="taken"))

    assert "slug" in error.value.message_dict


def test_tag_save_makes_a_slug():
    assert tag_save(tag=Tag(name_zh="人工智能", name_en="Artificial intelligence")).slug == (
        "artificial-intelligence"
    )


def test_an_unpublished_article_is_outside_published():
    ArticleFactory(is_published=False)

    assert not Article.objects.published().exists()


# The admin ----------------------------------------------------------------------------------


@pytest.fixture
def boss(client, django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.com", "pw"))
    return client


def test_adding_an_article_in_the_admin_saves_through_the_service_with_its_links(boss):
    person = PersonFactory()
    tag = TagFactory()
    response = boss.post(
        reverse("admin:news_article_add"),
        {
            "title_zh": "沐曦上市",
            "title_en": "MetaX lists",
            "slug": "metax-lists",
            "published_at_0": "2026-01-05",
            "published_at_1": "09:00:00",
            "is_published": "on",
            "body_zh": "<p>正文<script>alert(1)</script></p><img src=x onerror=y>",
            "tags": [str(tag.pk)],
            "people": [str(person.pk)],
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.slug == "metax-lists"
    assert article.body_zh == "<p>正文</p>"
    assert list(article.tags.all()) == [tag]
    assert list(article.people.all()) == [person]


def test_the_article_changelist_searches_and_filters(boss):
    tag = TagFactory()
    ArticleFactory(title_zh="沐曦上市", tags=[tag])
    ArticleFactory(title_zh="别的新闻")

    found = boss.get(reverse("admin:news_article_changelist"), {"q": "沐曦"})
    tagged = boss.get(reverse("admin:news_article_changelist"), {"tags__id__exact": tag.pk})

    assert [a.title_zh for a in found.context["cl"].result_list] == ["沐曦上市"]
    assert [a.title_zh for a in tagged.context["cl"].result_list] == ["沐曦上市"]


def test_the_article_form_offers_autocomplete_for_every_link(boss):
    html = boss.get(reverse("admin:news_article_add")).content.decode()

    for field in ("cover", "source", "tags", "people", "organizations", "editions", "indicators"):
        assert f'data-field-name="{field}"' in html, field
