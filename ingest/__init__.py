"""Build the community-manager corpus: raw texts in, normalized SQLite tables out.

The pipeline is a sequence of stages, one module each, every one a function
of plain data that can be tested alone:

    read      raw bytes → decoded text (encoding, binary and size checks)
    clean     Unicode/space normalisation, boilerplate, spam, duplicates
    segment   header (title, date line), body and page tail
    comments  the reader comments found in the page tail
    dates     French date expressions → ISO 8601
    speakers  interview structure: speaker labels, questions and answers
    metadata  author, genre and language of a document
    entities  people and organisations (spaCy + genre rules)      [issue 3]
    claims    who says what                                       [issue 4]
    write     the only stage that touches the database (sqlite-utils)

`ingest.build` runs them in that order; `python -m ingest build` is the CLI.
"""

__version__ = "0.1.0"
