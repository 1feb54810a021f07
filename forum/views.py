"""Public forum pages (home, editions, people) and the site search: thin views over selectors.

The entrepreneurs list and the person pages live here rather than in profiles because they show
people together with their part in the forum, and forum is the app that stands on profiles.
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from config import structured_data
from profiles import selectors as profile_selectors

from . import selectors
from .enums import ParticipationRole
from .filters import PersonFilter, SearchForm
from .templatetags.pages import edition_title


@require_safe
def home(request):
    return render(request, "forum/home.html", selectors.home_page())


@require_safe
def edition_list(request):
    return render(request, "forum/edition_list.html", {"editions": selectors.edition_list()})


@require_safe
def edition_detail(request, number):
    edition = selectors.edition_detail(number)
    participations = edition.public_participations
    speakers = [p.person for p in participations if p.role == ParticipationRole.SPEAKER]
    name = f"{edition.forum.name} · {edition_title(edition)}"
    context = {
        "edition": edition,
        "participant_groups": selectors.participants_by_role(edition),
        "structured_data": structured_data.event(edition, request, name=name, performers=speakers),
    }
    return render(request, "forum/edition_detail.html", context)


PEOPLE_PER_PAGE = 24


@require_safe
def person_list(request):
    filterset = PersonFilter(request.GET, queryset=profile_selectors.person_list(), request=request)
    paginator = Paginator(filterset.qs, PEOPLE_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "forum/person_list.html",
        {"filter": filterset, "page_obj": page, "paginator": paginator, "people": page},
    )


@require_safe
def person_detail(request, slug):
    person = selectors.person_page(slug)
    roles = person.public_roles
    context = {
        "person": person,
        "current_roles": [role for role in roles if role.is_current],
        "past_roles": [role for role in roles if not role.is_current],
        "quotes": person.public_quotes,
        "participations": person.public_participations,
        "related_people": profile_selectors.related_people(person),
        "structured_data": structured_data.person(person, request, roles=roles),
    }
    return render(request, "forum/person_detail.html", context)


@require_safe
def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = selectors.search(query) if query else None
    status = 400 if form.errors else 200
    context = {"form": form, "query": query, "results": results}
    return render(request, "search/search.html", context, status=status)
