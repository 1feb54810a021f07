"""Reads of sectors, indicators and observations for the public pages.

Every public read starts from `published()`: an unpublished sector or indicator never appears,
and an indicator whose sector is unpublished is treated as unpublished too. Each selector runs
a fixed number of queries whatever the number of rows (observations are prefetched once).
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404

from .enums import Comparison, ObservationKind
from .models import Indicator, Observation, Sector


def observations_prefetch(lookup="observations"):
    """Prefetch of an indicator's observations with their sources, in chronological order.

    Use it on any Indicator queryset (`Organization.indicators`, `Edition.indicators` …):
    `qs.prefetch_related(observations_prefetch())`, or `"indicators__observations"` paths
    via `Prefetch("indicators", queryset=public_indicators())`.
    """
    return Prefetch(
        lookup,
        queryset=Observation.objects.select_related("source").order_by(
            "period_date", "comparison", "kind", "pk"
        ),
    )


def public_indicators(queryset=None):
    """Published indicators of published sectors, with sector and observations loaded: what
    `website/figures/figure_list.html` expects. Pass a queryset to narrow it, e.g.
    `public_indicators(organization.indicators.all())`."""
    queryset = Indicator.objects.all() if queryset is None else queryset
    return (
        queryset.public()
        .select_related("sector")
        .prefetch_related(observations_prefetch())
        .order_by("sector__order", "order", "name_zh", "pk")
    )


def headline_indicators():
    """The home page's band of figures."""
    return public_indicators().filter(is_headline=True)


def latest_observations(indicator):
    """The observations of the latest period (every measure of it: the level and its growth),
    actual figures first; an indicator with only targets gives its latest target.

    Reads `indicator.observations.all()`, which costs nothing when prefetched.
    """
    observations = list(indicator.observations.all())
    actual = [o for o in observations if o.kind == ObservationKind.ACTUAL]
    pool = actual or observations
    if not pool:
        return []
    latest = max(o.period_date for o in pool)
    comparisons = list(Comparison.values)
    return sorted(
        (o for o in pool if o.period_date == latest),
        key=lambda o: comparisons.index(o.comparison) if o.comparison in comparisons else 99,
    )


def upcoming_targets(indicator):
    """Targets for periods after the latest actual figure (预计到2028年…)."""
    observations = list(indicator.observations.all())
    actual_dates = [o.period_date for o in observations if o.kind == ObservationKind.ACTUAL]
    if not actual_dates:
        return []
    latest = max(actual_dates)
    return [o for o in observations if o.kind == ObservationKind.TARGET and o.period_date > latest]


# How many figures a sector's card on the figures index shows; the sector page lists them all.
SECTOR_PREVIEW = 3


@dataclass
class SectorNode:
    sector: Sector
    children: list = field(default_factory=list)
    # The first SECTOR_PREVIEW of the sector's own published indicators, and how many it has.
    indicators: list = field(default_factory=list)
    own_count: int = 0

    @property
    def indicator_count(self):
        return self.own_count + sum(child.indicator_count for child in self.children)

    @property
    def preview_indicators(self):
        """What its card shows: its first indicators, then its sub-sectors' (depth first)."""
        found = [*self.indicators]
        for child in self.children:
            if len(found) >= SECTOR_PREVIEW:
                break
            found.extend(child.preview_indicators)
        return found[:SECTOR_PREVIEW]

    @property
    def has_more(self):
        return self.indicator_count > SECTOR_PREVIEW


def sector_tree():
    """Published sectors as a tree, each node with how many published indicators it has and the
    first few of them (observations prefetched): the figures index stays small and quick
    whatever the number of indicators. A published sector under an unpublished one is lifted to
    the top level, so it stays reachable by links. Four queries."""
    sectors = list(Sector.objects.for_display())
    nodes = {sector.pk: SectorNode(sector) for sector in sectors}
    counts = Indicator.objects.public().values_list("sector").annotate(count=Count("pk"))
    for sector_id, count in counts.order_by():
        if sector_id in nodes:
            nodes[sector_id].own_count = count
    first_of_each_sector = public_indicators().annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("sector")],
            order_by=[F("order"), F("name_zh"), F("pk")],
        )
    )
    for indicator in first_of_each_sector.filter(rank__lte=SECTOR_PREVIEW):
        node = nodes.get(indicator.sector_id)
        if node is not None:
            node.indicators.append(indicator)
    roots = []
    for sector in sectors:
        parent = nodes.get(sector.parent_id)
        (parent.children if parent else roots).append(nodes[sector.pk])
    return roots


@dataclass
class SectorIndex:
    # Top-level sectors with at least one published figure (their own or a sub-sector's).
    with_figures: list
    # Those with none yet: named apart, since a card would only say "0 figures".
    without_figures: list


def sector_index():
    """The figures index: the top-level sectors of `sector_tree()`, those with figures (as
    cards) apart from those without any yet. Four queries."""
    roots = sector_tree()
    return SectorIndex(
        with_figures=[node for node in roots if node.indicator_count],
        without_figures=[node for node in roots if not node.indicator_count],
    )


@dataclass
class SectorPage:
    sector: Sector
    ancestors: list
    children: list
    # All its published indicators, unevaluated: the page shows them a page at a time.
    indicators: object


def sector_page(slug):
    """A published sector with its ancestors (breadcrumbs), sub-sectors and indicators; 404
    when it does not exist or is unpublished."""
    sector = get_object_or_404(Sector.objects.published(), slug=slug)
    sectors = {s.pk: s for s in Sector.objects.for_display()}
    ancestors = []
    parent_id, seen = sector.parent_id, {sector.pk}
    while parent_id in sectors and parent_id not in seen:
        seen.add(parent_id)
        ancestors.insert(0, sectors[parent_id])
        parent_id = sectors[parent_id].parent_id
    children = [s for s in sectors.values() if s.parent_id == sector.pk]
    indicators = public_indicators(Indicator.objects.filter(sector=sector))
    return SectorPage(sector, ancestors, children, indicators)


def public_indicator(slug):
    """A published indicator of a published sector, with its sector: what its page's title
    and breadcrumbs need; 404 otherwise."""
    return get_object_or_404(Indicator.objects.public().select_related("sector"), slug=slug)


def indicator_for_page(slug):
    """A published indicator of a published sector, with observations and sources; 404 else."""
    return get_object_or_404(public_indicators(), slug=slug)


def chart_series(indicator):
    """The observations worth a chart: the measure with the most periods (the level first),
    split by kind, when it has at least two periods; otherwise None.

    Returns (comparison, {kind: [observations in time order]})."""
    by_comparison = {}
    for observation in indicator.observations.all():
        by_comparison.setdefault(observation.comparison, []).append(observation)
    best, best_periods = None, 1
    for comparison in Comparison.values:
        periods = {o.period_date for o in by_comparison.get(comparison, [])}
        if len(periods) > best_periods:
            best, best_periods = comparison, len(periods)
    if best is None:
        return None
    series = {}
    for observation in sorted(by_comparison[best], key=lambda o: o.period_date):
        series.setdefault(observation.kind, []).append(observation)
    return best, series
