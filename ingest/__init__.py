"""Build the community-manager corpus: raw texts in, normalized SQLite tables out.

The pipeline is a sequence of stages, one module each, every one a function
of plain data that can be tested alone:

    read      raw bytes → decoded text (encoding, binary and size checks)
    markup    a saved web page → the post as text, its metadata and comments
    clean     Unicode/space normalisation, boilerplate, spam, duplicates
    segment   header (title, date line), body and page tail
    comments  the reader comments found in the page tail
    dates     French date expressions → ISO 8601
    speakers  interview structure: speaker labels, questions and answers
    metadata  author, genre and language of a document
    nlp       the spaCy model, lemmas and sentences
    entities  people and organisations (spaCy + genre rules)
    resolve   one row per person and organisation, within and across documents
    claims    who says what
    topics    the topic of each claim, from the codebook
    curation  the hand-curated registry (annotations/), skipped by --no-curation
    rows      analyses → the rows of the tables schema/ defines
    write     the only stage that touches the database (sqlite-utils)

`ingest.analyse` runs the per-document stages in that order on one file;
`ingest.build` reads the raw directory and stops there when nothing changed;
otherwise `ingest.assemble` runs the analysis on every file (on several processes, or on a Dask
cluster through `ingest.cluster`, with results kept in `ingest.cache`
between builds), then the stages across the corpus, and hands the rows to
the writer (a whole database, or the rows of the files that changed); `python -m ingest build` is the
CLI. `ingest.fold` is the one way text is compared without case or accents. `ingest.publish` merges the
Datasette metadata and configuration for `make serve`.
"""

__version__ = "0.1.0"
