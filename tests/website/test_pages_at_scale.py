"""Every public page type runs the same, small number of queries on the data set at scale at
two sizes (`load_scale_data`): a page's cost does not grow with the rows behind it.

Counted on the drawing path: inside the test's transaction nothing is kept in the cache."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from forum.models import Edition
from forum.news.models import Article
from forum.website.search import indexes
from metrics.models import Indicator, Sector
from profiles.models import Organization, Person
from tests.helpers import queries_for

pytestmark = pytest.mark.django_db

# The most any public page may run.
MOST = 10

# Queries of each page, the same at both sizes: the home page reads the editions with what
# registering says, then (for its kept parts) the editions with their tracks, featured people
# with their roles, headline figures with their observations, milestones, and the latest
# articles with their tags. The page of an edition, a person, an organization, an article or an
# indicator reads its row once for the page's head, and again with everything else when it
# draws the rest (not at all when that part is kept).
EXPECTED = {
    "/zh-hans/": 9,
    "/en/": 9,
    "/en/people/": 5,
    "/en/people/?page=2": 5,
    "/en/people/{person}/": 8,
    "/en/organizations/": 4,
    "/en/organizations/{organization}/": 7,
    "/en/editions/": 2,
    "/en/editions/{edition}/": 9,
    "/en/figures/": 4,
    "/en/figures/sectors/{sector}/": 10,
    "/en/figures/sectors/{sector}/?page=2": 10,
    "/en/figures/indicators/{indicator}/": 3,
    "/en/news/": 6,
    "/en/news/?person={named_person}&organization={named_organization}": 6,
    "/en/news/{article}/": 7,
    # The search: one statement counts, one ranks, then the rows shown of each kind are read
    # (people and organizations each with a second, for their roles and sectors); a misspelt
    # word is searched again as corrected; 上海 matches every kind.
    "/en/search/?q=Robotics": 6,
    "/en/search/?q=Robotcs": 7,
    "/zh-hans/search/?q=上海": 9,
}

PAGES = [
    "/zh-hans/",
    "/en/",
    "/en/people/",
    "/en/people/?page=2",
    "/en/people/{person}/",
    "/en/organizations/",
    "/en/organizations/{organization}/",
    "/en/editions/",
    "/en/editions/{edition}/",
    "/en/figures/",
    "/en/figures/sectors/{sector}/",
    "/en/figures/sectors/{sector}/?page=2",
    "/en/figures/indicators/{indicator}/",
    "/en/news/",
    "/en/news/?person={named_person}&organization={named_organization}",
    "/en/news/{article}/",
    "/en/search/?q=Robotics",
    "/en/search/?q=Robotcs",
    "/zh-hans/search/?q=上海",
]


def middle(queryset):
    return queryset[queryset.count() // 2]


def page_queries(client):
    """{page address pattern: queries}, for rows from the middle of each table."""
    # The filters name someone an article names, so the filtered list is not empty.
    named = Article.objects.published().filter(people__is_published=True)
    named = named.filter(organizations__is_published=True).order_by("pk").first()
    values = {
        "person": middle(Person.objects.published().order_by("pk")).slug,
        "named_person": named.people.filter(is_published=True).first().name_en.split()[0],
        "organization": middle(Organization.objects.published().order_by("pk")).slug,
        "named_organization": named.organizations.filter(is_published=True).first().slug,
        "edition": middle(Edition.objects.published().order_by("pk")).number,
        "sector": middle(Sector.objects.published().order_by("pk")).slug,
        "indicator": middle(Indicator.objects.public().order_by("pk")).slug,
        "article": middle(Article.objects.published().order_by("pk")).slug,
    }
    cache.clear()
    # What the search reads once per version of the content (the names' words, the news texts,
    # the sectors and editions it shows), as every search but the first after an edit finds it.
    indexes.vocabulary()
    indexes.news_texts()
    indexes.shown_rows()
    counts = {}
    for page in PAGES:
        counts[page] = queries_for(client, page.format(**values))
    return counts


@pytest.mark.parametrize("people", [40, 160])
def test_every_page_runs_the_same_few_queries_at_any_size(client, people):
    call_command("load_scale_data", "--people", str(people), stdout=None)

    counts = page_queries(client)

    assert max(counts.values()) <= MOST, counts
    assert counts == EXPECTED
