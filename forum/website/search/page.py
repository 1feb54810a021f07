"""The search's results as the page shows them: the groups of each kind, counted, and what the
page shows before a query."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from config.common.language import chinese_numeral
from forum.models import Edition, edition_year
from forum.news.selectors import article_list
from forum.registrations.selectors import call_to_register
from forum.selectors import featured_edition
from metrics.models import Sector

from . import limits, matching
from .indexes import news_texts, shown_rows
from .statements import ranked_groups
from .suggestions import suggestion

_EDITION_NUMBER = re.compile(r"^第?\s*([0-9一二三四五六七八九十]+)\s*届?$")

# Shown on the empty search page: one of each way a query can find something.
EXAMPLES = ("沐曦", "MetaX", "chen weiliang", "Robotics", "GPU", "第六届")
KINDS = ("people", "organizations", "sectors", "editions", "indicators", "articles")


@dataclass
class Group:
    kind: str
    label: str
    items: list
    count: int  # at most COUNT_LIMIT
    more: bool = False  # more rows than `count` match: counting stopped at COUNT_LIMIT

    @property
    def shows_all(self):
        return not self.more and self.count <= len(self.items)

    @property
    def count_label(self):
        """The count as shown: "300+" when counting stopped."""
        return f"{self.count}+" if self.more else str(self.count)


@dataclass
class Results:
    query: str
    groups: list = field(default_factory=list)
    suggestion: str = ""
    corrected: bool = False  # the groups are the suggestion's results

    @property
    def total(self):
        return sum(group.count for group in self.groups)

    @property
    def total_label(self):
        """The total as shown: "640+" when a group's counting stopped."""
        more = any(group.more for group in self.groups)
        return f"{self.total}+" if more else str(self.total)

    def __getitem__(self, kind):
        """The items shown of one kind (people, organizations, sectors, editions, indicators);
        KeyError for anything else (so templates read the attributes)."""
        if kind not in KINDS:
            raise KeyError(kind)
        return next((group.items for group in self.groups if group.kind == kind), [])


def search(text):
    """Results for `text` (stripped); None for a blank query."""
    text = " ".join((text or "").split())
    if not text:
        return None
    groups = _groups(text)
    results = Results(query=text, groups=groups)
    results.suggestion = suggestion(text, groups)
    if results.suggestion and not results.total:
        results.groups = _groups(results.suggestion)
        results.corrected = True
    return results


def start_page():
    """What the search page shows before a query: the next edition, the sectors, examples."""
    edition = featured_edition()
    return {
        "edition": edition,
        "call_to_register": call_to_register(edition) if edition else None,
        "sectors": list(Sector.objects.published().roots().order_by("order", "pk")),
        "examples": EXAMPLES,
    }


def _editions(text):
    return (
        Edition.objects.published()
        .search(text, number=_edition_number(text))
        .prefetch_related("tracks")
        .order_by("-number", "pk")
    )


def _articles(text):
    """The page of articles for `text`, best first, its count and whether counting stopped."""
    keys = news_texts().ranked_keys(text)
    page = keys[: limits.LIMIT]
    rows = {row.pk: row for row in article_list().filter(pk__in=page)} if page else {}
    items = [rows[pk] for pk in page if pk in rows]
    return items, min(len(keys), limits.COUNT_LIMIT), len(keys) > limits.COUNT_LIMIT


def _edition_number(text):
    """7 for "7", "第7届", "七", "第七届"; None when the text names no edition number."""
    match = _EDITION_NUMBER.match(text)
    if not match:
        return None
    token = match.group(1)
    if token.isdigit():
        return int(token)
    for number in range(1, 100):
        if chinese_numeral(number) == token:
            return number
    return None


LABELS = {
    "people": _("Entrepreneurs"),
    "organizations": _("Organizations"),
    "sectors": _("Sectors"),
    "editions": _("Forum editions"),
    "indicators": _("Figures"),
    "articles": _("News"),
}


def _groups(text):
    """The non-empty groups for `text`, in a fixed order (KINDS), each with its count."""
    # Sectors and editions are counted and ranked by the ranked kinds' statements and shown
    # from the rows kept per content version; editions by statements of their own for a text
    # naming an edition number or year, whose values no compiled statement takes.
    listed = {"sectors": matching.sectors}
    names_edition = _edition_number(text) is not None or edition_year(text) is not None
    if not names_edition:
        listed["editions"] = _editions
    ranked = ranked_groups(text, listed)
    shown = shown_rows() if any(kind in listed for kind, *_rest in ranked) else None
    found = {}
    for kind, items, count, more in ranked:
        if kind in listed:
            rows = getattr(shown, kind)
            items = [rows[pk] for pk in items if pk in rows]
        found[kind] = (items, count, more)
    found["articles"] = _articles(text)
    if names_edition:
        items = list(_editions(text)[: limits.LIMIT])
        # Fewer rows than a page's worth are all there is: counting would find them again.
        more = (len(items), False) if len(items) < limits.LIMIT else _count(_editions(text))
        found["editions"] = (items, *more)
    return [
        Group(kind=kind, label=LABELS[kind], items=items, count=count, more=more)
        for kind in KINDS
        for items, count, more in [found.get(kind, ([], 0, False))]
        if items
    ]


def _count(rows):
    """How many `rows` there are, up to COUNT_LIMIT, and whether more are."""
    count = rows[: limits.COUNT_LIMIT + 1].count()
    return min(count, limits.COUNT_LIMIT), count > limits.COUNT_LIMIT
