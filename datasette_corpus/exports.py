"""Per-document downloads of the annotations (``ingest/export.py``) as
output renderers of a document's row page: /corpus/documents/ID.tei and so on."""
from __future__ import annotations

import json
from functools import partial
from urllib.parse import quote

from datasette import Response, hookimpl

from ingest import export

EXPORTS = {
    "jsonld": ("application/ld+json; charset=utf-8",
               lambda ann, base: json.dumps(export.web_annotations(ann, base), ensure_ascii=False, indent=1)),
    "tei": ("application/tei+xml; charset=utf-8", lambda ann, base: export.tei(ann)),
    "ann": ("text/plain; charset=utf-8", lambda ann, base: export.brat(ann)[1]),
    "txt": ("text/plain; charset=utf-8", lambda ann, base: export.brat(ann)[0]),
}


async def render_export(extension: str, datasette, rows, request, database):
    """A document's annotations in one exchange format: W3C Web Annotation
    (``.jsonld``), TEI (``.tei``), or brat standoff (``.ann`` for the
    annotations of the ``.txt``)."""
    if not rows:
        return None
    content_type, render = EXPORTS[extension]
    db = datasette.get_database(database)
    ann = await db.execute_fn(lambda conn: export.load(conn, rows[0]["id"]))
    if ann is None:
        return None
    base = datasette.absolute_url(request, datasette.urls.database(database))
    return Response(render(ann, base), content_type=content_type,
                    headers={"Content-Disposition": f"inline; filename*=UTF-8''{quote(ann.document['id'])}.{extension}"})


def _renders_documents(view_name, table) -> bool:
    return view_name == "row" and table == "documents"


@hookimpl
def register_output_renderer(datasette):
    return [{"extension": ext, "render": partial(render_export, ext), "can_render": _renders_documents}
            for ext in EXPORTS]
