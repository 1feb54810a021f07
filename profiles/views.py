"""Public pages of organizations: thin views over selectors and filters.

The people pages show forum participation as well, so they live in forum/views.py.
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from config import structured_data

from . import selectors
from .filters import OrganizationFilter

PER_PAGE = 24


def _filtered_page(request, filterset):
    paginator = Paginator(filterset.qs, PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return paginator, page


@require_safe
def organization_list(request):
    filterset = OrganizationFilter(
        request.GET, queryset=selectors.organization_list(), request=request
    )
    paginator, page = _filtered_page(request, filterset)
    return render(
        request,
        "profiles/organization_list.html",
        {"filter": filterset, "page_obj": page, "paginator": paginator, "organizations": page},
    )


@require_safe
def organization_detail(request, slug):
    organization = selectors.organization_detail(slug)
    roles = organization.public_roles
    context = {
        "organization": organization,
        "current_roles": [role for role in roles if role.is_current],
        "past_roles": [role for role in roles if not role.is_current],
        "milestones": organization.timeline,
        "key_figures": organization.key_figures,
        "structured_data": structured_data.organization(organization, request),
    }
    return render(request, "profiles/organization_detail.html", context)
