"""The published database, through Datasette's own test client, with the
project's metadata, templates and plugin."""
import asyncio
import collections
import csv
import html as html_lib
import io
import json
import os
import re
import sqlite3
from urllib.parse import quote

import pytest
import yaml
from datasette.app import Datasette

from conftest import ROOT, rows

from ingest.build import build
from ingest.publish import merged_metadata

from datasette.utils import tilde_encode
from datasette_corpus import cells as cell_links, collocates, concordance, guard, reading, search

METADATA = merged_metadata()
DESCRIBED = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))["databases"]["corpus"]["tables"]
CONFIG = yaml.safe_load((ROOT / "datasette.yml").read_text(encoding="utf-8"))["databases"]["corpus"]
QUERIES = CONFIG["queries"]


def datasette_for(db_path):
    return Datasette([str(db_path)], immutables=[], metadata=METADATA, template_dir=str(ROOT / "templates"))


@pytest.fixture(scope="module")
def ds(seed_db):
    return datasette_for(seed_db)


def get(ds, path):
    return asyncio.run(ds.client.get(path))


def tables_and_views(db_path):
    con = sqlite3.connect(db_path)
    return [r[0] for r in con.execute("select name from sqlite_master where type in ('table', 'view') "
                                      "and name not like '%_fts_%' and name not like 'sqlite_%'")]


def test_every_table_view_and_column_is_documented(seed_db):
    con = sqlite3.connect(seed_db)
    for table in tables_and_views(seed_db):
        assert table in DESCRIBED, f"{table} is not described in metadata.yml"
        assert DESCRIBED[table].get("description"), table
        columns = [r[1] for r in con.execute(f"pragma table_info([{table}])")]
        missing = set(columns) - set(DESCRIBED[table].get("columns", {}))
        assert not missing, f"{table}: undocumented columns {missing}"


def test_descriptions_and_configuration_are_kept_apart():
    for table, described in DESCRIBED.items():
        assert not set(described) & {"facets", "sort", "sort_desc", "label_column", "hidden", "fts_table"}, table
    for table, configured in CONFIG["tables"].items():
        assert not set(configured) & {"description", "columns"}, table
    assert METADATA["about_url"] == "/-/readme"


def test_every_facet_and_sort_column_has_an_index(seed_db):
    con = sqlite3.connect(seed_db)
    views = {r[0] for r in con.execute("select name from sqlite_master where type = 'view'")}
    for table, configured in CONFIG["tables"].items():
        if table in views or configured.get("hidden"):
            continue
        indexed = set()
        for (index,) in con.execute(f"select name from pragma_index_list('{table}')"):
            first = con.execute(f"select name from pragma_index_info('{index}') where seqno = 0").fetchone()
            indexed.add(first[0])
        pk = {r[1] for r in con.execute(f"pragma table_info([{table}])") if r[5] == 1}
        wanted = [f if isinstance(f, str) else f["array"] for f in configured.get("facets", [])]
        wanted += [configured[k] for k in ("sort", "sort_desc") if k in configured]
        for column in wanted:
            if isinstance(column, str) and not column.endswith("_names"):  # JSON arrays are not indexable
                assert column in indexed | pk, f"{table}.{column} is a facet or sort column without an index"


def test_every_table_and_view_page_with_its_facets(ds, seed_db):
    for table in tables_and_views(seed_db):
        data = get(ds, f"/corpus/{table}.json").json()
        if table != "build_reports":  # the seeds build without a skip or a warning
            assert data["rows"], f"{table} is empty on the seed corpus"
        assert get(ds, f"/corpus/{table}").status_code == 200
        for facet in CONFIG["tables"].get(table, {}).get("facets", []):
            name = facet if isinstance(facet, str) else facet["array"]
            assert name in data["facet_results"], (table, name)


def test_the_year_facet_keeps_the_undated_documents_as_a_bucket(ds, seed_db):
    con = sqlite3.connect(seed_db)
    expected = {("undated" if y is None else str(y)): n
                for y, n in con.execute("select year, count(*) from documents group by year")}
    assert expected.get("undated", 0) > 0  # raw/ holds undated openings
    facet = get(ds, "/corpus/documents.json?_size=1").json()["facet_results"]["period"]
    assert {r["value"]: r["count"] for r in facet["results"]} == expected
    assert sum(r["count"] for r in facet["results"]) == con.execute("select count(*) from documents").fetchone()[0]


def test_the_home_page_leads_with_the_documents_and_the_ways_in(ds):
    """Documents before word_forms (Datasette lists by row count), and the
    concordance, the collocates of "community manager", the per-year
    frequency of "e-réputation", the codebook and the dashboard one click away."""
    page = get(ds, "/").text
    tables = re.findall(r'<dt><a href="/corpus/(\w+)">', page)
    assert tables[:2] == ["documents", "claims"] and "word_forms" not in tables
    for link in ("/-/collocates?q=community+manager", "/-/concordance?q=e-r%C3%A9putation#per-year",
                 "/-/codebook", "/-/dashboard", "/corpus/search_claims"):
        assert f'href="{link}"' in page, link
    for link in re.findall(r'href="(/-/(?:collocates|concordance)[^"#]*)', page):
        assert get(ds, link.replace("&amp;", "&")).status_code == 200, link


def test_array_facet_filters_documents_by_person(ds):
    data = get(ds, "/corpus/documents.json?_facet_array=people_names&people_names__arraycontains=Jeremy+Herve"
                   "&_shape=objects").json()
    assert [r["id"] for r in data["rows"]] == ["000_458cacc8d3f72fd7"]


def test_documents_page_links_to_its_array_facets(ds):
    """Facet suggestions are off (`make serve`), so the table's description
    links to the people and organizations facets, and the links work."""
    html = get(ds, "/corpus/documents").text
    row_page = get(ds, "/corpus/documents/000_458cacc8d3f72fd7").text
    for column in ("people_names", "organization_names"):
        # The same links on a document's page lead to the table, not back to the page.
        assert f'href="/corpus/documents?_facet_array={column}"' in html
        assert f'href="/corpus/documents?_facet_array={column}"' in row_page
        facet = get(ds, f"/corpus/documents.json?_facet_array={column}").json()["facet_results"][column]
        assert facet["results"] and all(r["count"] >= 1 for r in facet["results"])


def test_label_columns_show_names_for_foreign_keys(ds):
    row = get(ds, "/corpus/claims.json?_labels=on&_shape=objects&person_id__notnull=1&_size=1").json()["rows"][0]
    assert isinstance(row["person_id"], dict) and row["person_id"]["label"]
    assert row["document_id"]["label"]  # the document's title


QUERY_PARAMS = {
    "claims_by_person": {"name": "jeremy"},
    "claims_on_topic": {"topic": "tools"},
    "comment_thread": {"document_id": "003_2cc18c01b110b402"},
    "search_claims": {"q": "reactivite"},
    "search_documents": {"q": "societe"},
    "organization_mentions": {"organization": "liligo"},
    "people_together": {"name": ""},
    "quoted_together": {"name": ""},
    "people_in_several_documents": {"min_documents": "1"},
}


@pytest.mark.parametrize("name", list(QUERIES))
def test_every_saved_query_returns_rows(ds, name):
    query = QUERIES[name]
    assert query["title"] and query["description"]
    params = "&".join(f"{k}={v}" for k, v in QUERY_PARAMS.get(name, {}).items())
    response = get(ds, f"/corpus/{name}.json?_shape=objects&{params}")
    assert response.status_code == 200, response.text[:500]
    assert response.json()["rows"], f"{name} returned no rows on the seed corpus"
    assert get(ds, f"/corpus/{name}?{params}").status_code == 200


def test_every_parameter_of_a_saved_query_is_given_by_the_test_above():
    """A query with a parameter returns rows only with a value for it: each
    one is exercised with one, so a query cannot pass on an empty form."""
    for name, query in QUERIES.items():
        params = set(re.findall(r"(?<!:):(\w+)", query["sql"]))
        assert params == set(QUERY_PARAMS.get(name, {})), name


def test_saved_query_results(ds):
    rows = get(ds, "/corpus/claims_by_person.json?_shape=objects&name=J%C3%89R%C3%89MY").json()["rows"]
    assert {r["speaker"] for r in rows} == {"Jeremy Herve"}  # accents and case aside
    rows = get(ds, "/corpus/comment_thread.json?_shape=objects&document_id=003_2cc18c01b110b402").json()["rows"]
    assert [r["position"] for r in rows] == list(range(1, 10))
    assert rows[0]["author_name"] == "Sébastien ROBIN"
    rows = get(ds, "/corpus/organization_mentions.json?_shape=objects&organization=Liligo").json()["rows"]
    assert rows and all("liligo" in r["sentence"].lower() for r in rows)


@pytest.mark.parametrize("q", ["", "   ", '"', "réseau AND (", "NEAR(x y", "communaut*", "-:^*"])
def test_search_queries_cope_with_empty_and_syntax_characters(ds, q):
    from urllib.parse import quote
    for name in ("search_claims", "search_documents"):
        response = get(ds, f"/corpus/{name}.json?_shape=objects&q={quote(q)}")
        assert response.status_code == 200 and response.json()["ok"], (name, q, response.text[:300])


def test_accent_insensitive_search_word_forms_and_prefixes(ds):
    def found(path):
        return get(ds, path + "&_shape=objects").json()["rows"]
    assert any("réactivité" in r["text"] for r in found("/corpus/documents.json?_search=reactivite"))
    assert any("Société" in r["text"] or "société" in r["text"] for r in found("/corpus/documents.json?_search=societe"))
    assert any("réseaux" in r["text"] and "réseau " not in r["text"]
               for r in found("/corpus/claims.json?_search=r%C3%A9seau&_size=max"))  # a plural found by its lemma
    # A verb found by its infinitive: "travaille" by a search for "travailler".
    assert any(("travaille " in r["text"] or "travaillé" in r["text"]) and "travailler" not in r["text"]
               for r in found("/corpus/search_claims.json?q=travailler"))
    assert len(found("/corpus/documents.json?_search=communaut*")) == 5


def test_csv_and_json_downloads_of_a_table_and_a_saved_query(ds, seed_db):
    # Every claim of the database is in the download, whatever their number.
    ids = {str(i) for (i,) in sqlite3.connect(seed_db).execute("select id from claims")}
    table = get(ds, "/corpus/claims.csv?_size=max")
    assert table.status_code == 200 and table.text.splitlines()[0].startswith("id,document_id,comment_id,person_id")
    assert {r["id"] for r in csv.DictReader(io.StringIO(table.text))} == ids
    streamed = get(ds, "/corpus/claims_by_speaker.csv?_stream=on")
    assert len(list(csv.DictReader(io.StringIO(streamed.text)))) == len(ids)
    query = get(ds, "/corpus/most_quoted_people.csv")
    assert query.status_code == 200 and query.text.startswith("id,name,claims,documents")
    rows = get(ds, "/corpus/most_quoted_people.json?_shape=array").json()
    assert rows[0]["claims"] >= rows[-1]["claims"]


def test_reading_view_highlights_mentions_and_claims(ds, seed_db):
    html = get(ds, "/corpus/documents/000_458cacc8d3f72fd7").text
    con = sqlite3.connect(seed_db)
    (herve,) = con.execute("select id from people where name = 'Jeremy Herve'").fetchone()
    (liligo,) = con.execute("select id from organizations where name like 'liligo%'").fetchone()
    assert f'<a class="mention person" href="/corpus/people/{herve}"' in html
    assert f'<a class="mention organization" href="/corpus/organizations/{liligo}"' in html
    assert '<mark class="claim" data-speaker="Jeremy Herve"' in html
    claims = con.execute("select c.topic, c.confidence from claims c join people p on p.id = c.person_id "
                         "where c.document_id = '000_458cacc8d3f72fd7' and p.name = 'Jeremy Herve'").fetchall()
    assert html.count('class="speaker">Jeremy Herve · ') == len(claims)
    # Each claim shows its topic and, when measured, its confidence.
    topic, sure = claims[0]
    assert f'class="speaker">Jeremy Herve · {topic}' in html
    assert sure is None or f" · confidence {sure:.2f}</span>" in html
    comments = get(ds, "/corpus/documents/003_2cc18c01b110b402").text
    assert comments.count('<section class="comment') == 9 and "Sébastien ROBIN" in comments


def test_person_and_organization_pages(ds, seed_db):
    con = sqlite3.connect(seed_db)
    (herve,) = con.execute("select id from people where name = 'Jeremy Herve'").fetchone()
    page = get(ds, f"/corpus/people/{herve}").text
    assert "Documents (" in page and "interviewee" in page and "Claims (" in page
    link = re.search(r'href="(/corpus/documents\?_through=[^"]+)"', page).group(1)
    through = get(ds, html_lib.unescape(link).replace("/corpus/documents?", "/corpus/documents.json?_shape=objects&"))
    assert [r["id"] for r in through.json()["rows"]] == ["000_458cacc8d3f72fd7"]
    (liligo,) = con.execute("select id from organizations where name like 'liligo%'").fetchone()
    page = get(ds, f"/corpus/organizations/{liligo}").text
    assert "Mentions in context" in page and "000_458cacc8d3f72fd7" in page


def test_readme_is_the_about_page(ds):
    page = get(ds, "/-/readme")
    assert page.status_code == 200 and "make serve" in page.text


def built(tmp_path, files: dict[str, str]):
    """A corpus database built, without curation, from ``files`` (name → text)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, text in files.items():
        (raw / name).write_text(text, encoding="utf-8")
    db = tmp_path / "corpus.db"
    build(raw, db, curation_on=False, log=lambda m: None, cache_dir=False)
    return db


def test_source_text_is_escaped_in_the_reading_view(tmp_path):
    db = built(tmp_path, {"evil.txt":
        "Un billet piégé\n\nLe community manager de la société Acme <script>alert('x')</script> répond "
        "sur Twitter <b>tous les jours</b>, explique Marie Durand.\n\n"
        "Marie Durand : « Il faut <img src=x onerror=alert(1)> répondre vite. »\n"})
    html = get(datasette_for(db), "/corpus/documents/evil").text
    assert "<script>alert('x')</script>" not in html and "<img src=x" not in html and "<b>tous" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert 'class="mention organization"' in html  # Twitter, still highlighted


def test_only_web_addresses_become_links_in_the_reading_view(tmp_path):
    files = {f"{name}.txt": f"Un billet du {day}\n\nLe community manager répond sur Twitter chaque "
                            f"{day}, explique Marie Durand.\n" for name, day in (("a", "lundi"), ("b", "mardi"))}
    db = built(tmp_path, {**files, "sources.csv": "file,url,site\na.txt,javascript:alert(document.cookie),x\n"
                                                  "b.txt,https://example.org/billet,example.org\n"})
    ds_ = datasette_for(db)
    hostile = get(ds_, "/corpus/documents/a").text
    assert 'href="javascript:' not in hostile and "<code>javascript:alert(document.cookie)</code>" in hostile
    assert '<a href="https://example.org/billet" rel="nofollow noopener">' in get(ds_, "/corpus/documents/b").text


def test_annotate_nests_spans_and_escapes():
    text = "A <b> Acme dit.\n\nFin & co."
    html = reading.annotate(text, [{"start": 6, "end": 10, "organization_id": 7, "name": "Acme"}],
                                 [{"start": 0, "end": 15, "speaker": "Zoé", "topic": "other", "confidence": 0.5}],
                                 "/corpus")
    assert html == ('<p><mark class="claim" data-speaker="Zoé" title="other"><span class="speaker">Zoé · other · '
                    'confidence 0.50</span>'
                    'A &lt;b&gt; </mark><mark class="claim" data-speaker="Zoé" title="other">'
                    '<a class="mention organization" href="/corpus/organizations/7" title="Acme">Acme</a></mark>'
                    '<mark class="claim" data-speaker="Zoé" title="other"> dit.</mark></p>\n<p>Fin &amp; co.</p>')


def test_fts_query_quotes_every_word():
    assert search.fts_query("") == search.fts_query("&") == '""'
    assert search.fts_query('réseau "AND" (x') == '"reseau" AND "and" AND "x"'
    assert search.fts_query("communaut* gère") == '"communaut"* AND "gere"'
    # Words joined by hyphens, apostrophes or dots, and quoted words, are phrases.
    assert search.fts_query("""e-réputation aujourd'hui 2.0 "community manager""") == \
        '"e reputation" AND "aujourd hui" AND "2 0" AND "community manager"'


def test_the_documents_table_lists_an_opening_of_each_text_not_all_of_it(ds, seed_db):
    """#41: the documents table printed every whole text (one row a
    screen); it lists each text's opening, linked to the reading view, and
    its CSV and JSON keep the whole."""
    page = get(ds, "/corpus/documents?_size=max").text
    cells = re.findall(r'<td class="col-text[^"]*"[^>]*>(.*?)</td>', page, re.S)
    con = sqlite3.connect(seed_db)
    count, longest = con.execute("select count(*), max(length(text)) from documents").fetchone()
    assert len(cells) == count and longest > 1000
    for cell in cells:
        opening = html_lib.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
        assert len(opening) <= cell_links.SNIPPET_CHARS + 10
        assert re.search(r'<a class="place" href="/corpus/documents/[^"]+">read</a>', cell)
    whole = get(ds, "/corpus/documents.json?_shape=objects&_size=max").json()["rows"]
    assert max(len(r["text"]) for r in whole) == longest
    # What each column means comes after the rows, every documented column in it.
    rows_at, glossary_at = page.find('<table class="rows-and-columns"'), page.find('class="column-glossary"')
    assert 0 < rows_at < glossary_at
    glossary = page[glossary_at:]
    assert all(f"<dt>{name}</dt>" in glossary for name in DESCRIBED["documents"]["columns"])


def test_or_and_not_in_capitals_between_two_words_are_operators(ds):
    """#41: "twitter OR facebook" found nothing (the word "or" was sought
    too); in capitals between two units OR and NOT now join them, anywhere
    else they stay words and no input is a syntax error."""
    assert search.fts_query("twitter OR facebook") == '"twitter" OR "facebook"'
    assert search.fts_query("réseaux NOT facebook") == '"reseaux" NOT "facebook"'
    assert search.fts_query("OR twitter") == '"or" AND "twitter"'
    assert search.fts_query("twitter or facebook") == '"twitter" AND "or" AND "facebook"'

    def ids(q):
        rows = get(ds, "/corpus/search_claims.json?_shape=objects&_size=max&q=" + quote(q)).json()["rows"]
        return {(r["document_id"], r["start"]) for r in rows}
    either, one, other = ids("stagiaire OR travailler"), ids("stagiaire"), ids("travailler")
    assert one and other and one - other and either == one | other
    assert ids("stagiaire NOT travailler") == one - other


def test_near_in_capitals_between_two_words_finds_them_close_together(ds, seed_db):
    """#41: "a NEAR b" (within 10 words) and "a NEAR/3 b" are FTS5's NEAR
    groups, each word with its forms; in lower case or at an edge NEAR is
    a word."""
    lexicon = search.Lexicon([("stagiaire", "stagiaire", 4), ("stagiaires", "stagiaire", 1)])
    assert search.fts_query("stagiaire NEAR/3 manager*", lexicon) == \
        '(NEAR("stagiaire" "manager"*, 3) OR NEAR("stagiaires" "manager"*, 3))'
    assert search.fts_query("a NEAR b NEAR/4 c OR d") == 'NEAR("a" "b" "c", 4) OR "d"'
    assert search.fts_query("twitter near facebook") == '"twitter" AND "near" AND "facebook"'
    assert search.fts_query("NEAR twitter") == '"near" AND "twitter"'

    def ids(q):
        rows = get(ds, "/corpus/documents.json?_shape=objects&_size=max&_col=id&_search=" + quote(q)).json()["rows"]
        return {r["id"] for r in rows}
    con = sqlite3.connect(seed_db)
    texts = dict(con.execute("select id, lower(text) from documents"))
    both, near, close = ids("community manager"), ids("community NEAR manager"), ids("community NEAR/0 manager")
    assert close and close <= near <= both
    assert all("community manager" in texts[d] for d in close)


def test_fts_query_expands_a_word_into_its_forms_in_the_corpus():
    lexicon = search.Lexicon([("stagiaire", "stagiaire", 4), ("stagiaires", "stagiaire", 1),
                                    ("gere", "gerer", 2), ("gerons", "gerer", 1), ("gerer", "gerer", 3),
                                    ("manager", "manager", 9), ("directeur", "directeur", 2)])
    assert search.fts_query("stagiaire", lexicon) == '("stagiaire" OR "stagiaires")'
    assert search.fts_query("Stagiaires", lexicon) == '("stagiaires" OR "stagiaire")'
    assert search.fts_query("gère", lexicon) == '("gere" OR "gerer" OR "gerons")'
    # Forms the corpus lacks are read through French inflection.
    assert search.fts_query("community managers", lexicon) == '"community" AND ("managers" OR "manager")'
    assert search.fts_query("directrices", lexicon) == '("directrices" OR "directeur")'
    # A phrase takes each combination of its words' forms.
    assert search.fts_query('"les stagiaires"', lexicon) == '("les stagiaires" OR "les stagiaire")'


TYPED = ["e-réputation", "aujourd'hui", "peut-être", "Voyages-sncf", "2.0", '"community manager"', "&",
         'réseau "AND" (x', "NEAR(x y", "-:^*", '"']


@pytest.mark.parametrize("table", ["documents", "claims", "comments"])
def test_every_search_box_takes_what_people_type(ds, seed_db, table):
    con = sqlite3.connect(seed_db)
    for q in TYPED:
        r = get(ds, f"/corpus/{table}.json?_search={quote(q)}&_shape=objects&_size=max")
        assert r.status_code == 200, (table, q, r.text[:300])
        words = re.findall(r"\w+", q.lower())
        with_them = [t for (t,) in con.execute(f"select text from {table}")
                     if words and " ".join(re.findall(r"\w+", t.lower())).find(" ".join(words)) >= 0]
        if with_them and q not in ("NEAR(x y",):
            assert r.json()["rows"], (table, q)  # results where the texts have them
    for plural, singular in (("community managers", "community manager"), ("stagiaires", "stagiaire"),
                             ("compétences", "compétence")):
        def found(q):
            return {r["id"] for r in get(ds, f"/corpus/{table}.json?_search={quote(q)}&_shape=objects"
                                             f"&_size=max").json()["rows"]}
        assert found(plural) == found(singular), (table, plural)


def test_snippets_highlight_every_form_that_matched(ds):
    rows = get(ds, "/corpus/search_claims.json?_shape=objects&q=stagiaires").json()["rows"]
    assert rows and all("[stagiaire" in r["match"].lower() for r in rows)


def test_links_to_documents_whose_ids_have_dots_and_tildes_resolve(tmp_path):
    db = built(tmp_path, {"billet.v2~final.txt": "Un billet au nom pointé\n\nLe community manager de Danone "
                                                 "répond sur Twitter chaque jour, explique Marie Durand.\n"})
    ds_ = datasette_for(db)
    import re
    import sqlite3
    with sqlite3.connect(db) as conn:
        person = conn.execute("select id from people").fetchone()[0]
        org = conn.execute("select id from organizations").fetchone()[0]
    for page in (f"/corpus/people/{person}", f"/corpus/organizations/{org}"):
        links = set(re.findall(r'href="(/corpus/documents/[^"]+)"', get(ds_, page).text))
        assert links, page
        for link in links:
            assert "billet" in link and get(ds_, link).status_code == 200, link


def test_every_page_sends_a_policy_and_only_template_scripts_carry_its_nonce(ds):
    for path in ("/corpus/documents", "/corpus/documents/000_458cacc8d3f72fd7", "/corpus/claims.json", "/-/readme"):
        r = get(ds, path)
        policy = r.headers["content-security-policy"]
        nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
        assert "object-src 'none'" in policy
        for tag in re.findall(r"<script\b[^>]*>", r.text):
            assert f'nonce="{nonce}"' in tag, (path, tag)
        if r.headers["content-type"].startswith("text/html"):  # rewritten: its length follows
            assert int(r.headers["content-length"]) == len(r.content)


def test_fold_and_the_longest_value_a_query_may_make(ds):
    assert search.fold("ÉCOLE d’Été Œuvre") == "ecole d'ete œuvre"
    r = get(ds, "/corpus.json?sql=" + quote("select length(lower(hex(zeroblob(15000000))))"))
    assert r.status_code == 400 and "too big" in r.json()["error"]  # 30 MB: past MAX_VALUE_LENGTH


def test_names_are_compared_folded_in_the_data(ds, seed_db):
    con = sqlite3.connect(seed_db)
    for table in ("people", "organizations"):
        for name, aliases, folded in con.execute(f"select name, aliases, names_folded from {table}"):
            assert folded.split(" | ")[0] == search.fold(name)
            assert all(search.fold(a) in folded.split(" | ") for a in json.loads(aliases))
    name = con.execute("select name from people where name glob '*[éèÉ]*' limit 1").fetchone()[0]
    typed = name.upper().replace("É", "E").replace("È", "E")
    rows = get(ds, "/corpus/claims_by_person.json?_shape=objects&name=" + quote(typed)).json()["rows"]
    own = get(ds, "/corpus.json?_shape=objects&sql=" + quote(
        "select count(*) n from people where names_folded like :n") + "&n=" + quote(f"%{search.fold(typed)}%")).json()
    assert rows and own["rows"][0]["n"] >= 1


def test_the_concordance_lists_every_occurrence_aligned_and_linked(ds, seed_db):
    con = sqlite3.connect(seed_db)
    texts = [t for (t,) in con.execute("select text from documents union all select text from comments")]
    expected = sum(len(re.findall(r"(?<!\w)stagiaires?(?!\w)", t, re.IGNORECASE)) for t in texts)
    page = get(ds, "/-/concordance?q=stagiaire&lemma=1")
    assert page.status_code == 200 and expected > 0
    assert page.text.count('<td class="match">') == expected
    lines = list(csv.DictReader(io.StringIO(get(ds, "/-/concordance?q=stagiaire&lemma=1&_format=csv").text)))
    assert len(lines) == expected
    for line in lines:
        assert line["match"].lower().startswith("stagiaire") and line["left"] and line["link"].startswith("http")
        path = "/" + line["link"].split("/", 3)[3]
        reading = get(ds, path.split("#")[0]).text  # the reading view, marked at that place
        marked = re.search(r'<span class="focus" id="focus">(.*?)</span>', reading, re.S)
        assert marked and line["match"] in html_lib.unescape(re.sub("<[^>]+>", "", marked.group(1)))
    assert any(line["speaker"] for line in lines)  # inside a claim: its speaker
    assert {line["topic"] for line in lines if line["speaker"]} - {""}  # and its topic
    by_left = [line["left"].split()[-1].lower() for line in csv.DictReader(io.StringIO(
        get(ds, "/-/concordance?q=stagiaire&lemma=1&sort=left&_format=csv").text))]
    assert by_left == sorted(by_left, key=lambda w: search.fold(w))
    one_genre = get(ds, "/-/concordance?q=stagiaire&lemma=1&genre=interview&_format=csv").text
    assert all(r["genre"] == "interview" for r in csv.DictReader(io.StringIO(one_genre)))


def test_the_concordance_takes_the_form_as_typed_by_default(ds, seed_db):
    """#41, as a corpus linguist expects (AntConc, TXM): the exact form by
    default, accents included ("a" is not "à"); the forms matched, a window
    and JSON."""
    con = sqlite3.connect(seed_db)
    texts = [t for (t,) in con.execute("select text from documents union all select text from comments")]
    for word in ("stagiaire", "a", "où"):
        expected = sum(len(re.findall(rf"(?<!\w){word}(?!\w)", t, re.IGNORECASE)) for t in texts)
        data = get(ds, f"/-/concordance?q={quote(word)}&_format=json").json()
        assert len(data["rows"]) == expected and data["exact"], word
        assert {r["match"].lower() for r in data["rows"]} == {word}
    rows = get(ds, "/-/concordance?q=métier&lemma=1&_format=json").json()["rows"]
    counts = collections.Counter(r["match"].lower() for r in rows)
    assert len(counts) > 1  # métier, métiers
    listed = re.search(r'Forms matched: (.*?)</p>', get(ds, "/-/concordance?q=métier&lemma=1").text).group(1)
    assert dict((f, int(n)) for f, n in re.findall(r"<strong>(.*?)</strong> (\d+)", listed)) == counts
    wide = get(ds, "/-/concordance?q=stagiaire&window=200&_format=json").json()["rows"]
    narrow = get(ds, "/-/concordance?q=stagiaire&window=20&_format=json").json()["rows"]
    assert max(len(r["left"]) for r in wide) > 150 >= max(len(r["left"]) for r in narrow) + 130


def test_collocates_of_a_phrase_scored_and_linked(ds, seed_db):
    """#41: the words near "community manager" more often than chance, one
    click from the home page; counts that the concordance's own lines give
    back; CSV and JSON; function words only when asked for."""
    assert "/-/collocates?q=community+manager" in get(ds, "/").text
    data = get(ds, "/-/collocates?q=community+manager&_format=json").json()
    rows = data["rows"]
    assert data["occurrences"] > 20 and len(rows) >= 3
    assert [r["ll"] for r in rows] == sorted((r["ll"] for r in rows), reverse=True)
    assert all(r["observed"] > r["expected"] and r["observed"] >= 3 for r in rows)
    assert not {r["collocate"] for r in rows} & collocates.function_words()
    # The counts, again from the concordance: the 5 words each side of every line.
    lines = get(ds, "/-/concordance?q=community+manager&window=100&_format=json").json()["rows"]
    near = collections.Counter(w for line in lines for w in
                               search.WORDS_RE.findall(search.fold(line["left"]))[-5:]
                               + search.WORDS_RE.findall(search.fold(line["right"]))[:5])
    top = rows[0]
    assert top["observed"] == near[top["collocate"]] and top["left"] + top["right"] == top["observed"]
    everything = get(ds, "/-/collocates?q=community+manager&function_words=1&_format=json").json()["rows"]
    assert {r["collocate"] for r in everything} & collocates.function_words()
    listed = list(csv.DictReader(io.StringIO(get(ds, "/-/collocates?q=community+manager&_format=csv").text)))
    assert [r["collocate"] for r in listed] == [r["collocate"] for r in rows]
    page = get(ds, "/-/collocates?q=community+manager&sort=mi").text
    shown = re.findall(r'<tr><td><a href="[^"]*concordance\?q=([^&"]+)[^"]*">', page)
    by_mi = sorted(rows, key=lambda r: (-r["mi"], r["collocate"]))
    assert shown == [quote(r["collocate"]) for r in by_mi]


def test_the_concordance_counts_per_year_per_10000_words_with_the_undated(ds, seed_db):
    """#41: the relative frequency of "e-réputation" per year, the undated
    texts a bucket of their own, in the table and in the year facet."""
    assert "/-/concordance?q=e-r%C3%A9putation#per-year" in get(ds, "/").text
    page = get(ds, "/-/concordance?q=e-r%C3%A9putation").text
    table = re.search(r'<table class="per-year">(.*?)</table>', page, re.S).group(1)
    cells = [re.findall(r"<td>(?:<a [^>]*>)?([^<]*)", row) for row in re.findall(r"<tr><td>.*?</tr>", table, re.S)]
    lines = get(ds, "/-/concordance?q=e-r%C3%A9putation&_format=json").json()["rows"]
    con = sqlite3.connect(seed_db)
    words = dict(con.execute("select coalesce(year, 'undated'), sum(word_count) from documents group by year"))
    hits = collections.Counter(str(l["year"] if l["year"] is not None else "undated") for l in lines
                               if l["comment"] is None)
    assert cells[-1][0] == "undated" and hits["undated"] > 0
    for year, n, size, rate in cells:
        key = year if year == "undated" else int(year)
        assert (int(n), int(size)) == (hits[year], words[key])
        assert float(rate or 0) == round(hits[year] * 10000 / words[key], 2)
    undated = get(ds, "/-/concordance?q=e-r%C3%A9putation&year=None&_format=json").json()["rows"]
    assert len(undated) == sum(1 for l in lines if l["year"] is None) > 0
    assert re.search(r'<a href="[^"]*year=None[^"]*">undated</a> \d+</li>', page)  # the facet's bucket


def test_the_concordance_sorts_by_the_second_or_third_word_either_side(ds):
    def sorted_by(how, side, nth):
        rows = get(ds, f"/-/concordance?q=community+manager&sort={how}&_format=json").json()["rows"]
        words = [search.WORDS_RE.findall(search.fold(r[side])) for r in rows]
        return [(w[::-1] if side == "left" else w)[nth - 1:nth] for w in words]
    for how, side, nth in (("L2", "left", 2), ("R3", "right", 3), ("R1", "right", 1)):
        keys = sorted_by(how, side, nth)
        assert keys == sorted(keys), how


def test_person_and_organization_pages_are_headed_by_name_with_mentions_in_context(ds, seed_db):
    con = sqlite3.connect(seed_db)
    for table, column in (("people", "person_id"), ("organizations", "organization_id")):
        row_id, name = con.execute(f"select x.id, x.name from {table} x join mentions m on m.{column} = x.id "
                                   "group by x.id order by count(*) desc limit 1").fetchone()
        page = get(ds, f"/corpus/{table}/{row_id}").text
        assert f'<h1 class="corpus-heading">{html_lib.escape(name)}</h1>' in page
        links = re.findall(r'<a class="mention [a-z]+" href="([^"]+)">([^<]+)</a>', page)
        count = con.execute(f"select count(*) from mentions where {column} = ?", (row_id,)).fetchone()[0]
        assert len(links) == count
        href, surface = links[0]
        reading = get(ds, html_lib.unescape(href).split("#")[0]).text
        assert re.search(r'<span class="focus" id="focus">.*?' + re.escape(surface), reading, re.S)


def test_an_untitled_document_is_headed_by_site_and_date():
    assert reading.heading({"title": None, "site": "blog.example.fr", "published": "2011-03"}) \
        == "blog.example.fr, 2011-03"
    assert reading.heading({"title": "Le métier", "site": "x"}) == "Le métier"


def test_codebook_about_page_and_footer(ds, seed_db):
    codebook = get(ds, "/-/codebook").text
    for (name,) in sqlite3.connect(seed_db).execute("select name from topics"):
        assert f'id="{name}"' in codebook
    about = get(ds, "/-/readme").text
    assert "<h2>How to cite</h2>" in about and "\n## " not in about  # Markdown rendered
    assert 'class="edition"' in about
    footer = re.search(r'<footer class="ft">(.*?)</footer>', get(ds, "/corpus/documents").text, re.S).group(1)
    assert "database built" in footer and "/-/concordance" in footer


def test_claims_on_a_topic_take_a_label_any_case_or_nothing(ds, seed_db):
    def count(topic):
        return len(get(ds, f"/corpus/claims_on_topic.json?_shape=array&topic={quote(topic)}").json())
    con = sqlite3.connect(seed_db)
    skills = con.execute("select count(*) from claims where topic = 'skills'").fetchone()[0]
    label = con.execute("select label from topics where name = 'skills'").fetchone()[0]
    assert skills and count("skills") == count("Skills") == count(label.upper()) == skills
    assert count("") == con.execute("select count(*) from claims").fetchone()[0]
    assert "<select" in get(ds, "/corpus/claims_on_topic").text  # the topics as a pick list


def test_an_excerpt_says_so_in_its_reading_view(tmp_path):
    db = built(tmp_path, {"a.txt": "Un billet du lundi\n\nLe community manager répond sur Twitter, explique "
                                   "Marie Durand.\n",
                          "sources.csv": "file,url,site,excerpt\na.txt,https://example.org/a,example.org,"
                                         "\"page opening, cut at about 2,000 characters\"\n"})
    page = get(datasette_for(db), "/corpus/documents/a").text
    assert "<strong>Excerpt:</strong> this text is only part of the page (page opening, cut at about 2,000 " \
           "characters)" in page


def test_the_published_corpus_holds_the_seeds_and_the_page_openings():
    with open(ROOT / "raw" / "sources.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert all((ROOT / "raw" / r["file"]).is_file() for r in rows)
    assert len(rows) == len(list((ROOT / "raw").glob("*.txt")))  # every text has its row
    seeds = [r for r in rows if not r["excerpt"]]
    assert len(seeds) == 5 and all(r["file"][:3].isdigit() and int(r["file"][:3]) < 100 for r in seeds)
    # Page openings are marked as such and keep their address.
    assert all(r["url"] and r["site"] for r in rows if r["excerpt"])


def test_a_document_page_offers_its_annotations_in_each_exchange_format(ds, seed_db):
    doc_id = rows(seed_db, "select id from documents order by id limit 1")[0][0]
    page = get(ds, f"/corpus/documents/{doc_id}")
    assert page.status_code == 200
    expected = {"jsonld": "application/ld+json", "tei": "application/tei+xml", "ann": "text/plain", "txt": "text/plain"}
    for ext, content_type in expected.items():
        assert f'/corpus/documents/{doc_id}.{ext}"' in page.text
        r = get(ds, f"/corpus/documents/{doc_id}.{ext}")
        assert r.status_code == 200 and r.headers["content-type"].startswith(content_type), ext
    assert json.loads(get(ds, f"/corpus/documents/{doc_id}.jsonld").text)["type"] == "AnnotationCollection"
    assert get(ds, f"/corpus/documents/{doc_id}.txt").text.startswith(
        rows(seed_db, "select text from documents where id = ?", doc_id)[0][0])
    assert get(ds, "/corpus/documents/no-such-document.tei").status_code == 404
    # Offered on a document's page only, not as a format of every table.
    assert ".tei" not in get(ds, "/corpus/people").text


def test_the_dashboard_draws_each_chart_and_links_its_rows(ds):
    page = get(ds, "/-/dashboard")
    assert page.status_code == 200
    for name in ("documents", "topics", "people", "organizations"):
        figure = re.search(rf'<figure class="chart" id="chart-{name}".*?</figure>', page.text, re.S).group(0)
        assert "<svg" in figure and 'role-mark' in figure, name
        behind = re.search(r'<a href="([^"]+)">the rows behind it</a>', figure).group(1)
        assert get(ds, html_lib.unescape(behind)).status_code == 200, behind
    # Every bar of the two yearly charts links to rows that exist.
    links = set(re.findall(r'xlink:href="http://localhost(/corpus/(?:documents|claims)\?[^"]+)"', page.text))
    assert links
    for link in links:
        r = get(ds, html_lib.unescape(link) + "&_size=0")
        assert r.status_code == 200 and re.search(r"<h3>[1-9]\d* rows?", r.text), link


def test_the_release_says_what_it_is_and_how_far_to_trust_it(ds, seed_db):
    """corpus_info is filled by the build and shown in the footer and on the
    about page; annotation_quality holds the measured figures."""
    con = sqlite3.connect(seed_db)
    con.row_factory = sqlite3.Row
    (info,) = con.execute("select * from corpus_info").fetchall()
    counts = json.loads(info["row_counts"])
    assert info["documents"] == counts["documents"] == con.execute("select count(*) from documents").fetchone()[0]
    assert counts["claims"] == con.execute("select count(*) from claims").fetchone()[0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", info["built"]) and len(info["raw_sha256"]) == 64
    assert "CC BY 4.0" in info["licence_annotations"] and "authors" in info["licence_texts"]
    assert info["version"] in info["how_to_cite"]
    footer = re.search(r'<footer class="ft">(.*?)</footer>', get(ds, "/corpus/documents").text, re.S).group(1)
    assert f"database built {info['built'][:10]}" in footer and info["version"] in footer
    about = get(ds, "/-/readme").text
    assert info["raw_sha256"][:16] in about and "How to cite" in about
    figures = {r["figure"]: r for r in con.execute("select * from annotation_quality")}
    assert {"people_f1", "claims_topic_acc", "claims_attributed_recall"} <= set(figures)
    assert all(0 <= r["blind"] <= 1 and r["blind_documents"] > 0 for r in figures.values() if r["blind"] is not None)


def test_user_sql_and_searches_are_routed_by_their_decoded_names_and_bounded():
    """'%73ql=' is 'sql=': a request that brings its own SQL is heavy
    however its parameter names are written; a search too long for the box
    is refused with its reason, however its name is written."""
    def scope(query):
        return {"type": "http", "path": "/corpus/documents", "query_string": query.encode()}

    assert guard.is_heavy(scope("%73ql=select+1")) and guard.is_heavy(scope("_wher%65=1%3D1"))
    assert not guard.is_heavy(scope("_facet=genre&_sort=published")) and not guard.is_heavy(scope("_search=cm"))
    assert guard.too_long_search(scope("_search=" + "mot+" * 100)) is None
    assert "500 characters" in guard.too_long_search(scope("_searc%68=" + "mot+" * 2000))


def test_a_search_too_long_is_refused_with_its_reason(ds):
    page = get(ds, "/corpus/documents?_search=" + "mot+" * 2000)
    assert page.status_code == 400 and "at most 500 characters" in page.text
    assert get(ds, "/corpus/documents?_search=community").status_code == 200


def test_people_across_documents(ds, tmp_path):
    """A person quoted in two documents is listed with both, and the pairs of
    people quoted together name their shared document."""
    db = built(tmp_path, {
        "a.txt": "Un billet du lundi\n\n« Le métier change vite », explique Marie Durand. "
                 "« Il faut se former », ajoute Paul Girard.\n",
        "b.txt": "Un billet du mardi\n\n« Les marques écoutent enfin », estime Marie Durand.\n"})
    client = datasette_for(db)
    several = get(client, "/corpus/people_in_several_documents.json?_shape=array&min_documents=2").json()
    assert [(r["name"], r["documents"]) for r in several] == [("Marie Durand", 2)]
    pairs = get(client, "/corpus/quoted_together.json?_shape=array&name=").json()
    assert [(r["person"], r["quoted_with"], r["document_ids"]) for r in pairs] in (
        [("Marie Durand", "Paul Girard", "a")], [("Paul Girard", "Marie Durand", "a")])


def test_person_page_groups_claims_by_topic_and_names_documents_by_their_heading(ds, seed_db):
    con = sqlite3.connect(seed_db)
    (herve,) = con.execute("select id from people where name = 'Jeremy Herve'").fetchone()
    topics = [t for (t,) in con.execute("select distinct topic from claims where person_id = ? order by topic", (herve,))]
    page = get(ds, f"/corpus/people/{herve}").text
    assert re.findall(r'<h3 class="claim-topic">(\w+) \(\d+\)</h3>', page) == topics
    assert ">None<" not in page and "in None" not in page
    # each mention in its own cell, between its clipped contexts
    assert page.count('<td class="kwic-match"><a class="mention person"') == \
        con.execute("select count(*) from mentions where person_id = ?", (herve,)).fetchone()[0]


def test_every_claim_and_mention_links_to_its_place_in_the_text(ds, seed_db):
    """#41: from a row to its place in the text, on table pages and in the
    saved queries; documents are named by their label, never "None"."""
    con = sqlite3.connect(seed_db)
    doc, start, end, text = con.execute(
        'select document_id, start, "end", text from claims where comment_id is null order by id limit 1').fetchone()
    place = f'href="/corpus/documents/{doc}?at={start}-{end}#focus"'
    page = get(ds, f"/corpus/claims?document_id={doc}&_size=max").text
    assert place in page
    found = get(ds, "/corpus/claims_by_person?name=").text
    assert place in found
    m_doc, m_start, m_end = con.execute(
        'select document_id, start, "end" from mentions where comment_id is null order by id limit 1').fetchone()
    assert f'href="/corpus/documents/{m_doc}?at={m_start}-{m_end}#focus"' in get(
        ds, f"/corpus/mentions?document_id={m_doc}&_size=max").text
    assert con.execute("select count(*) from documents where label is null or label = ''").fetchone()[0] == 0
    assert ">None</a>" not in get(ds, "/corpus/claims?_size=max").text


def test_a_search_not_taken_as_typed_says_how_it_was_read(ds):
    """#41: an infix * or an operator with no word on one side gave nothing
    without a word; the page now says how the search was read."""
    def notes(path):
        page = get(ds, path)
        assert page.status_code == 200
        return re.findall(r'<p class="message-info">(.*?)</p>', page.text, re.S)

    assert "inside a word is not taken" in " ".join(notes("/corpus/search_claims?q=communi%2Aation"))
    assert "inside a word is not taken" in " ".join(notes("/corpus/documents?_search=communi%2Aation"))
    assert "at the end of the search it is read as a word" in " ".join(notes("/corpus/search_documents?q=twitter+OR"))
    assert "at the start" in " ".join(notes("/corpus/claims?_search=OR+facebook"))
    assert notes("/corpus/search_claims?q=communaut%2A") == [] and notes("/corpus/search_claims?q=twitter+OR+facebook") == []
    assert search.search_notes("réseaux NOT facebook") == [] and len(search.search_notes("NEAR a*b")) == 2


def test_searches_rank_by_relevance_and_an_empty_search_lists_everything(ds, seed_db):
    """#41: best matches first, documents and comments ranked together; an
    empty query lists every document (every claim) instead of nothing."""
    con = sqlite3.connect(seed_db)
    for name, table, fts, column in (("search_documents", "documents", "documents_fts", "document_id"),
                                     ("search_claims", "claims", "claims_fts", "text")):
        rows = get(ds, f"/corpus/{name}.json?_shape=objects&q=community").json()["rows"]
        assert len(rows) > 1
        if name == "search_documents":
            best = [r for (r,) in con.execute(
                "select d.id from documents_fts join documents d on d.rowid = documents_fts.rowid "
                "where documents_fts match 'community' order by bm25(documents_fts) limit 1")]
            assert rows[0][column] == best[0]
        everything = get(ds, f"/corpus/{name}.json?_shape=objects&q=&_size=max").json()
        (count,) = con.execute(f"select count(*) from {table}").fetchone()
        # search_claims shows the 500 best (a page of 2,900 claims took 0.45 s
        # to render at 1,000 documents); the claims table pages through all.
        assert len(everything["rows"]) == min(count, 1000 if name == "search_documents" else 500), name


def test_a_computed_concordance_is_kept_until_the_database_changes(tmp_path):
    """A reader sorts, filters and downloads the same concordance: it is
    computed once, and again once the file is rebuilt."""
    path = tmp_path / "c.db"
    con = sqlite3.connect(path)
    con.execute("create table t (x)")
    con.commit()
    calls = []

    def count(conn, q):
        calls.append(q)
        return [q]
    assert concordance.kept(con, count, "a") == concordance.kept(con, count, "a") == ["a"]
    concordance.kept(con, count, "b")
    assert calls == ["a", "b"]
    con.execute("insert into t values (1)")
    con.commit()  # the file's size or time changes: what was kept of it is stale
    os.utime(path, ns=(1, 1))
    concordance.kept(con, count, "a")
    assert calls == ["a", "b", "a"]


def test_the_reading_view_marks_only_the_claims_of_a_topic_or_a_speaker(ds, seed_db):
    """#41: a reader narrows a document's marked claims to one topic or one
    speaker (links with their counts), and goes back to all of them."""
    con = sqlite3.connect(seed_db)
    doc, topic, person = con.execute(
        "select document_id, topic, person_id from claims where person_id is not null group by document_id "
        "having count(distinct topic) > 1 and count(distinct person_id) > 1 order by count(*) desc").fetchone()
    total = con.execute("select count(*) from claims where document_id = ?", (doc,)).fetchone()[0]
    on_topic = con.execute("select count(*) from claims where document_id = ? and topic = ?", (doc, topic)).fetchone()[0]
    by_person = con.execute("select count(*) from claims where document_id = ? and person_id = ?",
                            (doc, person)).fetchone()[0]
    both = con.execute("select count(*) from claims where document_id = ? and topic = ? and person_id = ?",
                       (doc, topic, person)).fetchone()[0]
    assert 0 < on_topic < total and 0 < by_person < total

    def marked(query):
        page = get(ds, f"/corpus/documents/{tilde_encode(doc)}{query}").text
        return len(re.findall(r'<span class="speaker">[^<]* · ', page)), page  # the legend's has no topic

    assert marked("")[0] == total
    shown, page = marked(f"?topic={topic}")
    assert shown == on_topic and f"{on_topic} of {total} marked" in page and 'href="?">mark all claims' in page
    assert marked(f"?speaker={person}")[0] == by_person
    assert marked(f"?topic={topic}&speaker={person}")[0] == both
    links = re.search(r'<p class="claim-filter">(.*?)</p>', marked("")[1], re.S).group(1)
    assert f'href="?topic={topic}"' in links and f'href="?speaker={person}"' in links


def test_the_database_page_describes_each_saved_query(ds):
    """#41: /corpus lists each saved query with what it answers, not only
    its title (Datasette's bare list is hidden)."""
    page = get(ds, "/corpus").text
    listed = re.search(r'<section class="saved-queries">(.*?)</section>', page, re.S).group(1)
    for name, query in CONFIG["queries"].items():
        assert f'href="/corpus/{name}"' in listed, name
        assert query["description"] in html_lib.unescape(listed), name
