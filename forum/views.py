from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import Edition


@require_safe
def home(request):
    return render(request, "forum/home.html", {})


@require_safe
def edition_list(request):
    editions = Edition.objects.published().order_by("-number")
    return render(request, "forum/edition_list.html", {"editions": editions})


@require_safe
def edition_detail(request, number):
    edition = get_object_or_404(Edition.objects.published(), number=number)
    return render(request, "forum/edition_detail.html", {"edition": edition})


@require_safe
def search(request):
    return render(request, "search/search.html", {"query": request.GET.get("q", "")})
