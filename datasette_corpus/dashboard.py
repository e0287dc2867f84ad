"""The corpus dashboard (``/-/dashboard``): pictures of the corpus, each mark
a link to the rows behind it.

Each chart is a Vega-Lite specification fed by one SQL query; vl-convert
(the Vega project's own converter, in Rust, no browser and no network)
draws it as SVG on the server, so the page needs no script and keeps the
strict Content-Security-Policy of the other pages. Vega-Lite's ``href``
channel makes every bar a link: to the documents of a year and genre, the
claims of a topic and year, a person's or an organization's page. The
specifications are kept beside each chart for anyone who wants to redraw it.
"""
from __future__ import annotations

import asyncio
import json
import os
from collections import namedtuple
from urllib.parse import urlencode

import vl_convert
from datasette import Response

from .db import corpus_database

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
TOP = 15  # people and organizations shown
UNKNOWN_YEAR = "no date"
COUNT_AXIS = {"tickMinStep": 1, "format": "d"}  # counts: whole ticks


#: One chart: its name, title, description, the SQL that feeds it and the
#: rows behind the whole chart (a path under the database).
Chart = namedtuple("Chart", "name title description sql link")


CLAIMS_BY_TOPIC_AND_YEAR = """
select coalesce(cast(d.year as text), '{unknown}') as year, c.topic as topic, count(*) as claims
from claims c join documents d on d.id = c.document_id group by 1, 2 order by 1, 2"""

CHARTS = (
    Chart("documents", "Documents per year, by genre",
          "Each bar counts the documents published that year; colours are genres.",
          f"select coalesce(cast(year as text), '{UNKNOWN_YEAR}') as year, genre, count(*) as documents "
          "from documents group by 1, 2 order by 1, 2", "documents?_facet=period&_facet=genre"),
    Chart("topics", "Claims per topic, by year",
          "Each bar counts the claims of the documents of a year; colours are topics (see the codebook).",
          CLAIMS_BY_TOPIC_AND_YEAR.format(unknown=UNKNOWN_YEAR), "claims?_facet=topic"),
    Chart("people", f"The {TOP} most quoted people",
          "Claims attributed to each person, in how many documents.",
          "select p.id, p.name, count(*) as claims, count(distinct c.document_id) as documents "
          "from claims c join people p on p.id = c.person_id group by p.id order by claims desc, p.name "
          f"limit {TOP}", "claims_by_speaker"),
    Chart("organizations", f"The {TOP} organizations named in most documents, by kind",
          "Documents naming each organization; colours are kinds (company, platform, media...).",
          "select id, name, kind, document_count as documents from organizations "
          f"order by document_count desc, name limit {TOP}", "organizations?_facet=kind&_sort_desc=document_count"),
)


def _href(base: str, path: str, **args) -> str:
    return f"{base}/{path}" + (f"?{urlencode(args)}" if args else "")


def _claims_of_year_and_topic(base: str, year: str, topic: str) -> str:
    """The claims behind one bar: the claims page filtered on the topic and,
    through ``_where``, on the documents of that year (claims have no year)."""
    where = "document_id in (select id from documents where year is null)" if year == UNKNOWN_YEAR else \
        f"document_id in (select id from documents where year = {int(year)})"
    return _href(base, "claims", topic=topic, _where=where)


def _stacked_by_year(count: str, colour: str) -> dict:
    """Bars of ``count`` per year, stacked by ``colour``, each its row's link."""
    return {"mark": "bar", "encoding": {
        "x": {"field": "year", "type": "ordinal", "title": "year", "axis": {"labelAngle": 0}},
        "y": {"field": count, "type": "quantitative", "title": count, "axis": COUNT_AXIS},
        "color": {"field": colour, "type": "nominal"},
        "tooltip": [{"field": "year"}, {"field": colour}, {"field": count}],
        "href": {"field": "link"}}}


def specification(chart: Chart, rows: list[dict], base: str) -> dict:
    """The Vega-Lite specification of ``chart`` drawn from ``rows``, with a
    link per mark."""
    values = [dict(r) for r in rows]
    spec = {"$schema": SCHEMA, "width": 520, "height": 260, "data": {"values": values},
            "config": {"font": "sans-serif"}}
    if chart.name == "documents":
        for v in values:
            v["link"] = (_href(base, "documents", year__isnull=1, genre=v["genre"]) if v["year"] == UNKNOWN_YEAR
                         else _href(base, "documents", year=v["year"], genre=v["genre"]))
        spec |= _stacked_by_year("documents", "genre")
    elif chart.name == "topics":
        for v in values:
            v["link"] = _claims_of_year_and_topic(base, v["year"], v["topic"])
        spec |= _stacked_by_year("claims", "topic")
    elif chart.name == "people":
        for v in values:
            v["link"] = _href(base, f"people/{v['id']}")
        spec |= {"mark": "bar", "encoding": {
            "y": {"field": "name", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "claims", "type": "quantitative", "title": "claims", "axis": COUNT_AXIS},
            "tooltip": [{"field": "name"}, {"field": "claims"}, {"field": "documents"}],
            "href": {"field": "link"}}}
    else:
        for v in values:
            v["link"] = _href(base, f"organizations/{v['id']}")
        spec |= {"mark": "bar", "encoding": {
            "y": {"field": "name", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "documents", "type": "quantitative", "title": "documents", "axis": COUNT_AXIS},
            "color": {"field": "kind", "type": "nominal"},
            "tooltip": [{"field": "name"}, {"field": "kind"}, {"field": "documents"}],
            "href": {"field": "link"}}}
    return spec


#: Drawn charts by database file state: a published snapshot never changes,
#: so each chart is drawn once per server (vl-convert takes ~50 ms a chart).
_drawn: dict[tuple, list[dict]] = {}


async def dashboard(request, datasette):
    db = corpus_database(datasette)
    base = datasette.urls.database(db.name)
    # Absolute: the converter resolves a relative link against its own
    # default base (the Vega datasets site).
    absolute = datasette.absolute_url(request, base)
    stat = os.stat(db.path) if db.path else None
    key = (db.path, stat.st_mtime_ns if stat else None, stat.st_size if stat else None, absolute)
    if key not in _drawn:
        charts = []
        for chart in CHARTS:
            rows = [dict(r) for r in (await db.execute(chart.sql)).rows]
            spec = specification(chart, rows, absolute)
            svg = await asyncio.to_thread(vl_convert.vegalite_to_svg, spec) if rows else ""
            charts.append({"name": chart.name, "title": chart.title, "description": chart.description,
                           "svg": svg, "rows": len(rows), "link": f"{base}/{chart.link}",
                           "sql_link": f"{base}?{urlencode({'sql': chart.sql.strip()})}",
                           "spec": json.dumps(spec, ensure_ascii=False)})
        _drawn.clear()
        _drawn[key] = charts
    return Response.html(await datasette.render_template(
        "dashboard.html", {"charts": _drawn[key], "base": base}, request=request))
