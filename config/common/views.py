"""Pieces the public list views share."""

from django.core.paginator import Paginator

PER_PAGE = 24


def filtered_page_context(request, filterset, *, per_page=PER_PAGE):
    """The context of a filtered, paginated list: the filter form, the page and its paginator.
    A page number that is not a number or is past the end gives the nearest valid page."""
    paginator = Paginator(filterset.qs, per_page)
    page = paginator.get_page(request.GET.get("page"))
    return {"filter": filterset, "page_obj": page, "paginator": paginator}
