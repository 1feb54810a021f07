"""Public pages of organizations: thin views over selectors and filters.

The people pages show forum participation as well, so they live in forum/views.py.
"""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from config import structured_data
from config.common.views import filtered_page_context

from . import selectors
from .filters import OrganizationFilter


@require_safe
def organization_list(request):
    filterset = OrganizationFilter(
        request.GET, queryset=selectors.organization_list(), request=request
    )
    context = filtered_page_context(request, filterset)
    context["organizations"] = context["page_obj"]
    return render(request, "profiles/organization_list.html", context)


@require_safe
def organization_detail(request, slug):
    organization = selectors.organization_detail(slug)
    current_roles, past_roles = selectors.current_and_past(organization.public_roles)
    context = {
        "organization": organization,
        "current_roles": current_roles,
        "past_roles": past_roles,
        "milestones": organization.timeline,
        "key_figures": organization.key_figures,
        "structured_data": structured_data.organization(organization, request),
    }
    return render(request, "profiles/organization_detail.html", context)
