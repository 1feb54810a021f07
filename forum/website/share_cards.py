"""What the share card of each public page shows (config/images/cards.py draws it), in the
page language: the forum's name at the foot, the entity's name in both scripts where it has
both, and what a preview should say about it.

Each builder loads its entity through the public selectors, so an unpublished one answers
404 like its page. `share_image()` gives the page the card's address and size for og:image.
"""

import datetime

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from config.common.dates import DatePrecision, format_partial_date
from config.common.language import EN, resolve_language
from config.images.cards import HEIGHT, WIDTH, Card
from config.images.selectors import rendition_name
from forum import selectors as forum_selectors
from metrics import formatting
from metrics import selectors as metrics_selectors
from metrics.enums import ObservationKind
from profiles import selectors as profile_selectors


def share_image(request, url_name, *, alt, **kwargs):
    """The card of a page as its og:image and twitter:image: absolute address, size, alt."""
    return {
        "url": request.build_absolute_uri(reverse(url_name, kwargs=kwargs)),
        "width": WIDTH,
        "height": HEIGHT,
        "alt": alt,
    }


def _fact(label, value):
    return _("%(label)s: %(value)s") % {"label": label, "value": value}


def _list(items):
    return pgettext("between names in a list", ", ").join(items)


def _other_script(instance):
    """The name in the script the page does not show: the Latin name on Chinese pages, the
    Chinese name on English pages (when the English one is given, else the title shows it)."""
    if resolve_language() == EN:
        return instance.name_zh if instance.name_en else ""
    return instance.name_en


def _card(**fields):
    return Card(footer=str(settings.SITE_NAME), **fields)


def person_card(slug):
    person = get_object_or_404(profile_selectors.person_list(), slug=slug)
    roles = [f"{role.organization.display_name} · {role.title}" for role in person.current_roles]
    return _card(
        eyebrow=pgettext("share card", "Person"),
        title=person.name,
        subtitle=_other_script(person),
        # The headline usually names the role; the roles speak when it is blank.
        lines=tuple(filter(None, [person.headline or _list(roles[:2])])),
        picture=rendition_name(person.portrait, "portrait"),
        picture_kind="portrait",
    )


def organization_card(slug):
    organization = get_object_or_404(profile_selectors.organization_list(), slug=slug)
    facts = [organization.hq_city]
    if organization.founded_year:
        facts.append(_fact(_("Founded"), organization.founded_year))
    facts.append(_list(sector.name for sector in organization.published_sectors))
    return _card(
        eyebrow=organization.get_kind_display(),
        title=organization.name,
        subtitle=_other_script(organization),
        lines=tuple(
            line for line in (" · ".join(f for f in facts if f), organization.description) if line
        ),
        picture=rendition_name(organization.logo, "logo"),
        picture_kind="logo",
    )


def _edition_date(edition):
    if not edition.start_date:
        text = format_partial_date(datetime.date(edition.year, 1, 1), DatePrecision.YEAR)
    else:
        text = format_partial_date(edition.start_date, edition.start_precision)
        if edition.end_date and edition.end_date != edition.start_date:
            text = f"{text} – {format_partial_date(edition.end_date)}"
    if not edition.is_held and not edition.has_exact_date:
        text = f"{text} · {_('exact date to be announced')}"
    return text


def edition_card(number):
    edition = get_object_or_404(forum_selectors.edition_list(), number=number)
    return _card(
        eyebrow=_("Forum edition"),
        title=edition.title_with_year,
        lines=(
            *((_fact(_("Theme"), edition.theme),) if edition.theme else ()),
            _fact(_("Date"), _edition_date(edition)),
            _fact(_("Venue"), edition.venue or _("to be announced")),
            *(
                (_fact(_("Tracks"), _list(track.name for track in tracks)),)
                if (tracks := edition.tracks.all())
                else ()
            ),
        ),
    )


def indicator_card(slug):
    indicator = metrics_selectors.indicator_for_page(slug)
    latest = metrics_selectors.latest_observations(indicator)
    series = metrics_selectors.chart_series(indicator)
    points = ()
    if series is not None:
        by_kind = series[1]
        observations = by_kind.get(ObservationKind.ACTUAL) or next(iter(by_kind.values()))
        points = tuple(float(o.absolute_value) for o in observations)
    return _card(
        eyebrow=indicator.sector.name,
        title=indicator.name,
        figure=formatting.format_observation(latest[0]) if latest else "",
        figure_note=(
            f"{formatting.format_period(latest[0])} · {indicator.get_scope_display()}"
            if latest
            else ""
        ),
        lines=() if latest or not indicator.description else (indicator.description,),
        sparkline=points if len(points) >= 2 else (),
    )
