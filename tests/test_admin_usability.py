"""What a new editor ran into in the admin: the error summary at the top of every failed change
form (every error of the form and of its inline rows, each linking to its field), a dropped file
said plainly, and list filters naming editions and sectors in the admin's language."""

import re

import pytest
from django.urls import reverse
from django.utils.translation import override

from forum.filters import PersonFilter
from forum.registrations.exports import export_columns
from tests.factories import (
    EditionFactory,
    IndicatorFactory,
    OrganizationFactory,
    ParticipationFactory,
    SectorFactory,
    jpeg_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def boss(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.com", "pw"))
    return client


def _management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def summary_links(html):
    block = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert block, "no error summary on the page"
    return re.findall(r'<a href="#([^"]+)" data-target="[^"]+">([^<]+)</a>', block.group(0))


def test_a_failed_save_lists_every_error_with_links_including_inline_rows(boss):
    organization = OrganizationFactory()
    data = {
        "name_zh": "",
        "name_en": "Chen Weiliang",
        "slug": "chen-weiliang",
        "_save": "Save",
        **_management("roles", total=1),
        "roles-0-organization": str(organization.pk),
        "roles-0-kind": "founder",
        "roles-0-title_zh": "",
        "roles-0-order": "0",
        **_management("quotes"),
    }

    response = boss.post(reverse("admin:profiles_person_add"), data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    links = summary_links(response.content.decode())
    targets = [target for target, _text in links]
    assert "id_name_zh" in targets
    assert "id_roles-0-title_zh" in targets
    assert any("row 1" in text for _target, text in links)
    html = response.content.decode()
    # Every link points at an element of the page.
    for target in targets:
        assert f'id="{target}"' in html


def test_the_summary_is_in_the_admins_language(boss):
    with override("zh-hans"):
        response = boss.post(
            reverse("admin:profiles_person_add"),
            {"name_zh": "", "_save": "1", **_management("roles"), **_management("quotes")},
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )

    assert "个错误" in response.content.decode()


def test_no_summary_on_a_form_without_errors(boss):
    html = boss.get(reverse("admin:profiles_person_add")).content.decode()

    assert 'class="error-summary"' not in html


def test_a_chosen_file_dropped_by_a_failed_save_is_said_plainly(boss):
    data = {
        "file": jpeg_upload("hall.jpg"),
        "alt_zh": "",  # required unless decorative: the save fails
        "alt_en": "",
        "focal_x": "50",
        "focal_y": "50",
        "_save": "Save",
    }

    response = boss.post(reverse("admin:images_image_add"), data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    html = response.content.decode()
    assert "“hall.jpg” you chose was not saved" in html
    assert "choose the file again" in html
    field_errors = response.context["adminform"].form.errors["file"]
    assert any("choose the file again" in message for message in field_errors)


def test_a_file_is_not_mentioned_when_none_was_chosen(boss):
    response = boss.post(
        reverse("admin:images_image_add"),
        {"alt_zh": "", "focal_x": "50", "focal_y": "50", "_save": "Save"},
    )

    assert "choose the file again" not in response.content.decode()


def test_the_summary_script_and_style_are_static_files_with_the_nonce(boss):
    html = boss.get(reverse("admin:profiles_person_add")).content.decode()

    assert re.search(r'<script src="/static/admin-extra/error-summary\.js" defer nonce="', html)
    assert 'href="/static/admin-extra/error-summary.css"' in html


# List filters in the admin's language -------------------------------------------------------


def _filter_choices(response):
    return [
        choice["display"]
        for spec in response.context["cl"].filter_specs
        for choice in spec.choices(response.context["cl"])
    ]


@pytest.mark.parametrize(
    ("language", "edition_label", "sector_label"),
    [
        ("en", "6th edition (2025)", "Chips › GPU"),
        ("zh-hans", "第六届（2025）", "芯片 › 图形处理器"),
    ],
)
def test_edition_and_sector_filters_name_them_in_the_admins_language(
    boss, language, edition_label, sector_label
):
    # A filter shows when it offers a choice: two of each.
    for number in (5, 6):
        ParticipationFactory(edition=EditionFactory(number=number, year=2019 + number))
    parent = SectorFactory(name_zh="芯片", name_en="Chips")
    IndicatorFactory(sector=SectorFactory(name_zh="图形处理器", name_en="GPU", parent=parent))
    IndicatorFactory(sector=parent)

    participations = boss.get(
        reverse("admin:forum_participation_changelist"), HTTP_ACCEPT_LANGUAGE=language
    )
    indicators = boss.get(
        reverse("admin:metrics_indicator_changelist"), HTTP_ACCEPT_LANGUAGE=language
    )

    assert edition_label in _filter_choices(participations)
    assert sector_label in _filter_choices(indicators)


# Labels: 姓名 for people, 名称 for things ---------------------------------------------------


def test_chinese_labels_say_xingming_for_people_and_mingcheng_for_things(boss):
    with override("zh-hans"):
        person_form = boss.get(
            reverse("admin:profiles_person_add"), HTTP_ACCEPT_LANGUAGE="zh-hans"
        ).content.decode()
        organization_form = boss.get(
            reverse("admin:profiles_organization_add"), HTTP_ACCEPT_LANGUAGE="zh-hans"
        ).content.decode()
        headers = [str(column.header) for column in export_columns()]
        sort_labels = [
            str(label) for _value, label in PersonFilter.base_filters["sort"].extra["choices"]
        ]

    assert "姓名（中文）" in person_form
    assert "名称（中文）" not in person_form
    assert "名称（中文）" in organization_form
    assert "姓名" in headers
    assert "名称" not in headers
    assert "姓名（正序）" in sort_labels
