from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import Organization, Person


@require_safe
def person_list(request):
    people = Person.objects.published().order_by("name_zh")
    return render(request, "profiles/person_list.html", {"people": people})


@require_safe
def person_detail(request, slug):
    person = get_object_or_404(Person.objects.published(), slug=slug)
    return render(request, "profiles/person_detail.html", {"person": person})


@require_safe
def organization_list(request):
    organizations = Organization.objects.published().order_by("name_zh")
    return render(request, "profiles/organization_list.html", {"organizations": organizations})


@require_safe
def organization_detail(request, slug):
    organization = get_object_or_404(Organization.objects.published(), slug=slug)
    return render(request, "profiles/organization_detail.html", {"organization": organization})
