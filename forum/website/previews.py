"""Which public view draws each draftable model's page, for the admin's previews and the signed
preview links (config.revisions.preview: the kernel app holds the registry and never imports
the website). Connected when the app is ready."""

from config.revisions import preview
from forum.models import Edition
from forum.news.models import Article
from metrics.models import Indicator
from profiles.models import Organization, Person

from . import views


def _person(request, person):
    return views.person_detail(request, slug=person.slug)


def _organization(request, organization):
    return views.organization_detail(request, slug=organization.slug)


def _edition(request, edition):
    return views.edition_detail(request, number=edition.number)


def _indicator(request, indicator):
    return views.indicator_detail(request, slug=indicator.slug)


def _article(request, article):
    return views.article_detail(request, slug=article.slug)


def register_all():
    preview.register(Person, _person)
    preview.register(Organization, _organization)
    preview.register(Edition, _edition)
    preview.register(Indicator, _indicator)
    preview.register(Article, _article)
