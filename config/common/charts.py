"""Charts drawn on the server as SVG with pygal, for any app: the look they share and a chart of
whole counts (bars, stacked bars, horizontal stacked bars or lines).

pygal (LGPL-3.0, pure Python, no browser code) draws the chart on the server, so the page needs
no JavaScript. `js=[]` drops the script pygal would load from another host; the SVG is served
from its own URL through `<img src>`, where its inline <style> applies to the image document
alone and the page's strict CSP stays untouched. The page beside each chart carries the same
numbers as a table, its text alternative.
"""

import re
from xml.sax.saxutils import escape

import pygal
from django.utils.csp import CSP
from pygal.style import Style

# Dark enough for 4.5:1 on white; the font list includes CJK faces so Chinese labels render.
CHART_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1a1f2b",
    foreground_strong="#1a1f2b",
    foreground_subtle="#4a5263",
    opacity="0.9",
    opacity_hover="1",
    colors=("#0b57a4", "#b3400c", "#2f6b3a", "#6b3fa0", "#8a5a00", "#4a5263"),
    font_family=(
        'system-ui, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", '
        '"Noto Sans CJK SC", "Noto Sans SC", sans-serif'
    ),
    title_font_size=18,
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=12,
    legend_font_size=13,
    tooltip_font_size=13,
)

# A chart's own response (`csp_override`): an image, no script at all, its inline <style> only.
CHART_CSP = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.SELF],
}

# (width, height) of the drawing; the narrow one keeps labels legible on a phone.
SIZES = {"wide": (800, 420), "narrow": (420, 440)}

# How the counts are drawn: side by side, stacked, stacked sideways (long labels), or as lines.
KINDS = {
    "bar": pygal.Bar,
    "stacked": pygal.StackedBar,
    "horizontal": pygal.HorizontalStackedBar,
    "line": pygal.Line,
}

# pygal writes its config into a <script> even with js=[]; it would never run in an <img>, and
# dropping it keeps the SVG free of script when opened on its own. Its generator comments go too.
_SCRIPT_OR_COMMENT = re.compile(rb"<script\b[^>]*>.*?</script>|<!--.*?-->", re.DOTALL)
_SVG_OPENING = re.compile(rb"<svg\b[^>]*>")


def finished_svg(rendered, *, title="", description=""):
    """pygal's rendering without script or comments; with a title, the SVG's own <title> and
    <desc> (what a reader of the image alone hears), placed first as SVG requires."""
    svg = _SCRIPT_OR_COMMENT.sub(b"", rendered)
    if not title:
        return svg
    labels = f"<title>{escape(str(title))}</title>"
    if description:
        labels += f"<desc>{escape(str(description))}</desc>"
    opening = _SVG_OPENING.search(svg)
    return svg[: opening.end()] + labels.encode() + svg[opening.end() :]


def new_chart(kind, *, size="wide", **options):
    """A pygal chart of `kind` in the shared look, at `size` ("wide" or "narrow")."""
    width, height = SIZES.get(size, SIZES["wide"])
    settings = {
        "style": CHART_STYLE,
        "js": [],
        "width": width,
        "height": height,
        "legend_at_bottom": True,
        "truncate_label": -1,
        "truncate_legend": -1,
        "explicit_size": False,
        "disable_xml_declaration": False,
        **options,
    }
    return KINDS[kind](**settings)


def counts_chart_svg(*, title, labels, series, size="wide", kind="bar", description=""):
    """A chart (SVG bytes) of whole counts per label, one bar (or line) per series: `series` is
    [(name, [count per label])]. For figures computed by the apps (alumni outcomes by edition,
    registrations per day); the page beside it carries the same numbers as a table."""
    many = len(labels) > 16
    # Side by side, labels run into each other past a few on a phone's drawing: slant them.
    crowded = many or (size == "narrow" and len(labels) > 5)
    chart = new_chart(
        kind,
        size=size,
        title=str(title),
        x_labels=[str(label) for label in labels],
        # Many labels (days, quarter hours): every few are written, and values only on hover.
        show_minor_x_labels=not many,
        x_labels_major_every=max(1, len(labels) // 8) if many else None,
        x_label_rotation=30 if crowded and kind != "horizontal" else 0,
        print_values=not many and kind != "line",
        print_values_position="top" if kind == "bar" else "center",
        print_zeroes=kind == "bar",
        show_legend=len(series) > 1,
        include_x_axis=True,
        y_labels=_whole_ticks(series, stacked=kind in {"stacked", "horizontal"}),
        value_formatter=lambda value: str(int(value)) if value is not None else "",
    )
    for name, counts in series:
        chart.add(str(name), counts)
    return finished_svg(chart.render(), title=title, description=description)


def _whole_ticks(series, *, stacked):
    """About eight whole-number ticks from 0 past the largest bar, in steps of 1, 2 or 5 times
    a power of ten (pygal's own steps for small counts are fractions, which read 0, 0, 1, 1)."""
    columns = list(zip(*(counts for _name, counts in series), strict=True)) or [()]
    top = max(
        (sum(c or 0 for c in column) if stacked else max((c or 0 for c in column), default=0))
        for column in columns
    )
    step = 1
    while step * 8 < top:  # 1, 2, 5, 10, 20, 50 …
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    return list(range(0, top + step, step))
