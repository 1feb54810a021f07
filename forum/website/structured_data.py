"""schema.org data (JSON-LD) for people, organizations and forum editions, in the page language.

Views build these dicts from objects they already loaded (no extra queries); templates print them
with `{{ data|json_ld }}` from `{% load pages %}`.
"""

from django.urls import reverse
from django.utils.translation import get_language, gettext

from config.common.dates import DatePrecision
from config.images.selectors import rendition_url
from forum.enums import EditionStatus

CONTEXT = "https://schema.org"


def _absolute(request, url):
    return request.build_absolute_uri(url) if url else ""


def _compact(data):
    return {key: value for key, value in data.items() if value not in ("", None, [], {})}


def _iso_partial(date, precision):
    """ISO 8601 to the known precision: 2025, 2025-05 or 2025-05-10."""
    if not date:
        return ""
    if precision in (DatePrecision.YEAR, DatePrecision.YEAR_END):
        return f"{date.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


def _alternate_names(name, names):
    """The other names, each once, without the name itself or blanks."""
    return list(dict.fromkeys(other for other in names if other and other != name))


def organization_reference(organization, request):
    return _compact(
        {
            "@type": "Organization",
            "name": organization.name,
            "url": _absolute(request, organization.get_absolute_url()),
        }
    )


def person(person, request, *, current_roles=()):
    current = list(current_roles)
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "Person",
            "name": person.name,
            "alternateName": _alternate_names(person.name, (person.name_zh, person.name_en)),
            "url": _absolute(request, person.get_absolute_url()),
            "image": _absolute(request, rendition_url(person.portrait, "share")),
            "description": person.headline,
            "jobTitle": current[0].title if current else "",
            "worksFor": [organization_reference(role.organization, request) for role in current],
        }
    )


def organization(organization, request):
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "Organization",
            "name": organization.name,
            "alternateName": _alternate_names(
                organization.name,
                (
                    organization.name_zh,
                    organization.name_en,
                    organization.short_name_zh,
                    organization.short_name_en,
                ),
            ),
            "url": _absolute(request, organization.get_absolute_url()),
            "sameAs": organization.website,
            "foundingDate": str(organization.founded_year) if organization.founded_year else "",
            "description": organization.description,
            "address": _compact({"@type": "PostalAddress", "addressLocality": organization.hq_city})
            if organization.hq_city
            else "",
        }
    )


def _event_dates(edition):
    """startDate and endDate as search engines read them: a full date (or date and time) only
    when it is known; a year or month alone is no start date, so both are left out then."""
    if edition.starts_at is not None:
        end = edition.ends_at
        return edition.starts_at.isoformat(), end.isoformat() if end else ""
    if edition.has_exact_date:
        return edition.start_date.isoformat(), edition.last_day.isoformat()
    return "", ""


def event(edition, request, *, performers=(), image_url=""):
    status = {
        EditionStatus.CANCELLED: "https://schema.org/EventCancelled",
    }.get(edition.status, "https://schema.org/EventScheduled")
    start, end = _event_dates(edition)
    image = _absolute(request, rendition_url(edition.cover, "share")) if edition.cover else ""
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "Event",
            "name": edition.full_title,
            "url": _absolute(request, edition.get_absolute_url()),
            "startDate": start,
            "endDate": end,
            "eventStatus": status,
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "description": edition.theme
            or edition.description
            or edition.forum.description
            or gettext("%(title)s of the %(forum)s, Shanghai.")
            % {"title": edition.title, "forum": edition.forum.name},
            "image": image or _absolute(request, image_url),
            "location": _compact(
                {
                    "@type": "Place",
                    "name": edition.venue,
                    "address": _compact(
                        {
                            "@type": "PostalAddress",
                            "streetAddress": edition.venue_address,
                            "addressLocality": gettext("Shanghai"),
                            "addressCountry": "CN",
                        }
                    ),
                }
            )
            if edition.venue
            else "",
            "organizer": _compact(
                {
                    "@type": "Organization",
                    "name": edition.forum.name,
                    "url": _absolute(request, reverse("website:home")),
                }
            ),
            "performer": [
                _compact(
                    {
                        "@type": "Person",
                        "name": p.name,
                        "url": _absolute(request, p.get_absolute_url()),
                    }
                )
                for p in performers
            ],
        }
    )


def news_article(article, request):
    """NewsArticle: headline, dates, author (the byline), the publisher it was first printed by
    (its source), what it is about (the linked people and organizations)."""
    source = article.source
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "NewsArticle",
            "headline": article.title,
            "description": article.standfirst,
            "url": _absolute(request, article.get_absolute_url()),
            "mainEntityOfPage": _absolute(request, article.get_absolute_url()),
            "image": _absolute(request, rendition_url(article.cover, "share")),
            "datePublished": article.published_at.isoformat(),
            "dateModified": article.updated_at.isoformat(),
            "inLanguage": "en" if article.body_en and get_language() == "en" else "zh-Hans",
            "author": _compact({"@type": "Person", "name": article.byline})
            if article.byline
            else "",
            "isBasedOn": _compact(
                {
                    "@type": "NewsArticle",
                    "headline": source.title,
                    "url": source.url,
                    "datePublished": source.published_on.isoformat() if source.published_on else "",
                    "publisher": _compact({"@type": "Organization", "name": source.publisher})
                    if source.publisher
                    else "",
                }
            )
            if source
            else "",
            "keywords": [tag.name for tag in article.tags.all()],
            "about": [
                *(
                    _compact(
                        {
                            "@type": "Person",
                            "name": p.name,
                            "url": _absolute(request, p.get_absolute_url()),
                        }
                    )
                    for p in article.published_people
                ),
                *(organization_reference(o, request) for o in article.published_organizations),
            ],
        }
    )
