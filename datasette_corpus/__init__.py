"""The corpus's Datasette plugin: safe search, reading views, the
concordance, collocates, the dashboard, exports and guarded serving.

Installed with the project (an entry point in the ``datasette`` group of
pyproject.toml, as datasette-cluster-map is), so that every Datasette of
this environment loads it. One module per job:

* ``search`` — what users type in a search box as a safe FTS5 query (each
  word standing for its other forms in the corpus), and ``fold`` in SQL;
* ``guard`` — the Content-Security-Policy, bounded searches, the requests
  that bring their own SQL run one at a time (in ``side_server``'s second
  process when it is up);
* ``pages`` — the README as "about", the codebook, the routes, what every
  page says of the release; ``dashboard`` — charts of the corpus;
* ``reading`` — a document's text with its mentions and claims, a person's
  or an organization's page; ``cells`` — each row linked to its place in
  the text;
* ``concordance`` and ``collocates`` — keyword in context and the words near it;
* ``exports`` — a document's annotations as TEI, W3C Web Annotation, brat.

Datasette calls the hooks this module names.
"""
from .cells import render_cell
from .exports import register_output_renderer
from .guard import asgi_wrapper, startup
from .pages import extra_template_vars, prepare_jinja2_environment, register_routes
from .search import prepare_connection

__all__ = ["asgi_wrapper", "extra_template_vars", "prepare_connection", "prepare_jinja2_environment",
           "register_output_renderer", "register_routes", "render_cell", "startup"]
