"""Public forum pages (home, editions) and the site search: thin views over selectors."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from config import structured_data

from . import selectors
from .enums import ParticipationRole
from .filters import SearchForm
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


@require_safe
def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = selectors.search(query) if query else None
    status = 400 if form.errors else 200
    context = {"form": form, "query": query, "results": results}
    return render(request, "search/search.html", context, status=status)
