"""Public forum pages (home, editions, people) and the site search: thin views over selectors.

The entrepreneurs list and the person pages live here rather than in profiles because they show
people together with their part in the forum, and forum is the app that stands on profiles.
"""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from config import structured_data
from config.common.views import filtered_page_context
from profiles import selectors as profile_selectors

from . import selectors
from .enums import ParticipationRole
from .filters import PersonFilter, SearchForm


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
    context = {
        "edition": edition,
        "participant_groups": selectors.participants_by_role(edition),
        "structured_data": structured_data.event(
            edition, request, name=edition.full_title, performers=speakers
        ),
    }
    return render(request, "forum/edition_detail.html", context)


@require_safe
def person_list(request):
    filterset = PersonFilter(request.GET, queryset=profile_selectors.person_list(), request=request)
    context = filtered_page_context(request, filterset)
    context["people"] = context["page_obj"]
    return render(request, "forum/person_list.html", context)


@require_safe
def person_detail(request, slug):
    person = selectors.person_page(slug)
    current_roles, past_roles = profile_selectors.current_and_past(person.public_roles)
    context = {
        "person": person,
        "current_roles": current_roles,
        "past_roles": past_roles,
        "quotes": person.public_quotes,
        "participations": person.public_participations,
        "related_people": profile_selectors.related_people(person),
        "structured_data": structured_data.person(person, request, current_roles=current_roles),
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
