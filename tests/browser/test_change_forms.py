"""The whole change forms of the draftable content — person, organization, edition, article —
filled as editors meet them (inline rows, pictures from the media library, links, a draft
waiting), checked in Chromium with axe-core (WCAG 2.2 AA) at desktop and phone width and
checked as HTML by the Nu Html Checker. The drafts work first checked only its own parts of
these forms; the accessible names the news work gave tabular inline inputs and autocompletes
cover the rest."""

import datetime

import pytest
from django.test import Client

from tests import factories
from tests.revisions.conftest import form_data

from .machinery import DESKTOP, PHONE, format_axe_violations, run_axe, screenshot
from .test_media_and_imports import _vnu

pytestmark = pytest.mark.browser

PASSWORD = "chief-password"


def _person():
    person = factories.PersonFactory(portrait=factories.ImageFactory(), bio_en="<p>Live.</p>")
    factories.RoleFactory(person=person)
    factories.QuoteFactory(person=person)
    return person, "bio_en", "<p>Draft.</p>"


def _organization():
    organization = factories.OrganizationFactory(logo=factories.ImageFactory())
    factories.RoleFactory(organization=organization)
    factories.MilestoneFactory(organization=organization)
    return organization, "description_en", "Draft."


def _edition():
    edition = factories.EditionFactory(cover=factories.ImageFactory())
    factories.TrackFactory(edition=edition)
    factories.AgendaItemFactory(
        edition=edition,
        starts_at=datetime.datetime.combine(edition.start_date, datetime.time(9), datetime.UTC),
    )
    factories.ParticipationFactory(edition=edition)
    factories.EditionPhotoFactory(edition=edition)
    return edition, "description_en", "Draft."


def _article():
    article = factories.ArticleFactory(
        cover=factories.ImageFactory(),
        source=factories.SourceFactory(),
        tags=[factories.TagFactory()],
        people=[factories.PersonFactory()],
        organizations=[factories.OrganizationFactory()],
    )
    return article, "standfirst_en", "Draft."


MAKERS = {
    "person": _person,
    "organization": _organization,
    "edition": _edition,
    "article": _article,
}


def _with_a_draft(client, make):
    """The item, and its change form's path with a draft waiting (the banner and all buttons)."""
    obj, field, text = make()
    opts = obj._meta
    path = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"
    response = client.post(path, form_data(client, path, **{field: text}, _save_draft="1"))
    assert response.status_code == 302, response.status_code
    return obj, path


@pytest.fixture
def chief_site(live_server, settings, tmp_path, transactional_db):
    settings.MEDIA_ROOT = tmp_path / "media"
    # A superuser holds the publish permission as the Chief editors group does (the groups of
    # the data migrations are flushed between transactional tests).
    user = factories.UserFactory(is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    client = Client()
    client.force_login(user)
    return {"base": live_server.url, "user": user, "client": client}


@pytest.mark.parametrize("name", MAKERS)
def test_the_whole_change_form_passes_axe(chief_site, page, name):
    _obj, path = _with_a_draft(chief_site["client"], MAKERS[name])
    page.set_extra_http_headers({"Accept-Language": "en"})
    page.goto(f"{chief_site['base']}/admin/login/?next={path}")
    page.locator("input[name=username]").fill(chief_site["user"].username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{chief_site['base']}{path}")
    page.locator(".revisions-state").first.wait_for()

    found = {}
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        screenshot(page, f"admin-{name}-change-with-draft-{viewport['width']}")
        found[label] = run_axe(page)
    for label, violations in found.items():
        assert violations == [], f"{name} at {label} width:\n{format_axe_violations(violations)}"
    assert page.console_errors == [], page.console_errors


@pytest.mark.django_db
def test_the_change_forms_are_valid_html(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = Client()
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    folder = tmp_path / "html"
    folder.mkdir()
    for name, make in MAKERS.items():
        obj, path = _with_a_draft(client, make)
        opts = obj._meta
        pages = {
            f"{name}-change-with-draft": client.get(path),
            f"{name}-add": client.get(f"/admin/{opts.app_label}/{opts.model_name}/add/"),
        }
        for page_name, response in pages.items():
            assert response.status_code == 200, page_name
            (folder / f"{page_name}.html").write_bytes(response.content)

    errors = [
        f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        f"\n    {m.get('extract', '').strip()}"
        for m in _vnu(folder)
        if m["type"] in {"error", "non-document-error"}
    ]

    assert errors == [], "\n".join(errors)
