-- Schema of corpus.db: the single source of truth for its tables.
-- The names of the tables and columns of ../shared/DATA_CONTRACT.md are the
-- public interface and are never renamed; other columns and tables are ours.
-- Offsets (start, end) are Python string indices into documents.text, or into
-- comments.text when comment_id is set.

PRAGMA foreign_keys = ON;

CREATE TABLE documents (
    id TEXT PRIMARY KEY,               -- the raw file's name without extension
    source_file TEXT NOT NULL,         -- the raw file's name, relative to the raw directory
    url TEXT,
    site TEXT,
    excerpt TEXT,                      -- set when the text is only part of the page: which part (from sources.csv)
    title TEXT,
    label TEXT NOT NULL,               -- the title, else the site and date, else the file's name: how links name it
    author TEXT,
    author_evidence TEXT CHECK (author_evidence IN ('markup', 'byline', 'name_line', 'interview', 'lead', 'closing', 'site_owner', 'commenter')),  -- what names the author
    published TEXT,                    -- YYYY-MM-DD, YYYY-MM or YYYY
    year INTEGER,                      -- year of published, for facets
    period TEXT NOT NULL DEFAULT 'undated',  -- the year as text, or 'undated': the facet that keeps undated documents
    genre TEXT NOT NULL CHECK (genre IN ('interview', 'article', 'blog_post', 'podcast_notes', 'other')),
    language TEXT,
    has_spam INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL,
    word_count INTEGER NOT NULL,
    comment_count INTEGER NOT NULL,    -- comments found (incl. pingbacks and trackbacks)
    comment_count_stated INTEGER,      -- the count the page itself prints, when it does
    encoding TEXT NOT NULL,            -- how the raw file was decoded
    sha256 TEXT NOT NULL,              -- of the raw file's bytes
    format TEXT NOT NULL DEFAULT 'text' CHECK (format IN ('text', 'html', 'warc')),  -- how the raw file was read
    captured TEXT,                     -- when a web archive captured the page (WARC-Date), apart from published
    people_names TEXT NOT NULL DEFAULT '[]',        -- JSON array: the people in the document (for array facets)
    organization_names TEXT NOT NULL DEFAULT '[]'   -- JSON array: the organizations it names
);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]',   -- JSON array of surface forms
    names_folded TEXT NOT NULL DEFAULT '', -- name and aliases folded (lower case, no accents), joined by " | "
    profile_urls TEXT NOT NULL DEFAULT '[]',
    document_count INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE organizations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('company', 'agency', 'platform', 'media',
        'public_body', 'ngo', 'group', 'venue', 'school', 'other')),
    aliases TEXT NOT NULL DEFAULT '[]',
    names_folded TEXT NOT NULL DEFAULT '', -- as people.names_folded
    document_count INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    position INTEGER NOT NULL,           -- page order, from 1
    kind TEXT NOT NULL CHECK (kind IN ('comment', 'pingback', 'trackback')),
    author_name TEXT,
    author_url TEXT,
    person_id INTEGER REFERENCES people(id),
    published TEXT,
    text TEXT NOT NULL,
    parent_id INTEGER REFERENCES comments(id),  -- the comment this one replies to (HTML sources)
    UNIQUE (document_id, position)
);

CREATE TABLE document_people (
    document_id TEXT NOT NULL REFERENCES documents(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    role TEXT NOT NULL CHECK (role IN ('author', 'interviewer', 'interviewee', 'quoted', 'commenter', 'mentioned')),
    PRIMARY KEY (document_id, person_id, role)
);

CREATE TABLE document_organizations (
    document_id TEXT NOT NULL REFERENCES documents(id),
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    PRIMARY KEY (document_id, organization_id)
);

CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    comment_id INTEGER REFERENCES comments(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    surface TEXT NOT NULL,
    person_id INTEGER REFERENCES people(id),
    organization_id INTEGER REFERENCES organizations(id),
    method TEXT NOT NULL CHECK (method IN ('model', 'rule', 'curated')),
    sentence TEXT,                       -- the sentence the mention is in
    sentence_start INTEGER,              -- offset of that sentence in the text: surface = sentence[start - sentence_start:end - sentence_start]
    CHECK ((person_id IS NULL) <> (organization_id IS NULL))
);

CREATE TABLE affiliations (
    person_id INTEGER NOT NULL REFERENCES people(id),
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    title TEXT,                          -- the job title as stated, when stated
    document_id TEXT NOT NULL REFERENCES documents(id),
    PRIMARY KEY (person_id, organization_id, document_id)
);

-- The codebook of claims.topic, written from ingest/data/codebook.yml.
CREATE TABLE topics (
    name TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    definition TEXT NOT NULL,
    cues TEXT NOT NULL,                  -- JSON object: cue → weight (3 settles it, 1 a hint)
    examples TEXT NOT NULL,              -- JSON list of the sentences written for the codebook
    corpus_examples TEXT NOT NULL        -- JSON list of {text, source}: claims of the seed texts, also compared with
);

CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    comment_id INTEGER REFERENCES comments(id),
    person_id INTEGER REFERENCES people(id),
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    topic TEXT NOT NULL REFERENCES topics(name),
    kind TEXT NOT NULL,                  -- answer, quotation, list_item, reported, comment or author_opinion
    topic_score REAL NOT NULL,           -- the winning topic's score (cue weights + vector evidence)
    topic_cues TEXT NOT NULL,            -- JSON list of the codebook cues of that topic found in the claim
    topic_example TEXT,                  -- the topic's codebook example nearest to the claim, when it counted
    topic_similarity REAL,               -- cosine similarity of the claim to that example
    method TEXT,                         -- the pass that found it and its speaker (ingest/claims.py, METHODS)
    confidence REAL                      -- how often that pass is right on texts it was not fitted to (0-1)
);

-- The parts of a claim whose clauses are about different topics: each run
-- of clauses of one topic, with its topic. The claim keeps the whole
-- sentence and the topic read on all of it.
CREATE TABLE claim_clauses (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    document_id TEXT NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    topic TEXT NOT NULL REFERENCES topics(name),
    topic_score REAL NOT NULL
);

CREATE TABLE removed_lines (
    document_id TEXT NOT NULL REFERENCES documents(id),
    line INTEGER NOT NULL,               -- 1-based line of the raw file
    reason TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (document_id, line)
);

CREATE TABLE build_reports (
    id INTEGER PRIMARY KEY,
    file TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('skipped', 'warning', 'info')),
    message TEXT NOT NULL
);

-- How far to trust each annotated column: the evaluation's figures on the
-- sets of texts the toolkit was fitted on (train), read (dev, dev_html) and
-- never read (blind), from ingest/data/annotation_quality.json (make quality).
CREATE TABLE annotation_quality (
    figure TEXT PRIMARY KEY,             -- the evaluation's name of the figure (score.py)
    measures TEXT NOT NULL,              -- what it measures, in words
    columns TEXT NOT NULL,               -- the tables and columns whose values it is about
    blind REAL,                          -- on texts nobody on the project reads
    train REAL,                          -- on the texts the rules were fitted on
    dev REAL,                            -- on the page openings read while writing rules
    dev_html REAL,                       -- on the saved web pages read while writing rules
    blind_documents INTEGER,
    train_documents INTEGER,
    dev_documents INTEGER,
    dev_html_documents INTEGER,
    commit_measured TEXT,                -- the toolkit's commit the figures were measured at
    measured TEXT                        -- the date they were measured
);

-- The release: one row saying which corpus this is and how to cite it.
CREATE TABLE corpus_info (
    version TEXT PRIMARY KEY,            -- the dataset's version (the toolkit's package version)
    built TEXT NOT NULL,                 -- when this database was written (UTC, ISO 8601)
    toolkit_commit TEXT,                 -- the git commit of the toolkit that built it, when known
    raw_sha256 TEXT NOT NULL,            -- a hash of the raw texts (their names and bytes)
    pipeline_version TEXT NOT NULL,      -- a hash of the analysis code and its language data
    documents INTEGER NOT NULL,
    row_counts TEXT NOT NULL,            -- JSON object: table → rows
    licence_annotations TEXT NOT NULL,
    licence_texts TEXT NOT NULL,
    how_to_cite TEXT NOT NULL
);

CREATE INDEX idx_documents_published ON documents(published);
CREATE INDEX idx_documents_year ON documents(year);
CREATE INDEX idx_documents_period ON documents(period);
CREATE INDEX idx_documents_genre ON documents(genre);
CREATE INDEX idx_documents_site ON documents(site);
CREATE INDEX idx_comments_document ON comments(document_id);
CREATE INDEX idx_comments_person ON comments(person_id);
CREATE INDEX idx_document_people_person ON document_people(person_id);
CREATE INDEX idx_document_organizations_org ON document_organizations(organization_id);
CREATE INDEX idx_mentions_document ON mentions(document_id);
CREATE INDEX idx_mentions_person ON mentions(person_id);
CREATE INDEX idx_mentions_org ON mentions(organization_id);
CREATE INDEX idx_claims_document ON claims(document_id);
-- Claims by person, with their documents and topics, read from the index
-- alone (who is quoted most, claims by speaker) rather than from the rows.
CREATE INDEX idx_claims_person ON claims(person_id, document_id, topic);
CREATE INDEX idx_claims_topic ON claims(topic);
CREATE INDEX idx_affiliations_org ON affiliations(organization_id);
-- Every facet and sort column of metadata.yml / datasette.yml has an index.
CREATE INDEX idx_documents_has_spam ON documents(has_spam);
CREATE INDEX idx_documents_language ON documents(language);
CREATE INDEX idx_documents_format ON documents(format);
CREATE INDEX idx_documents_author ON documents(author);
CREATE INDEX idx_comments_kind ON comments(kind);
CREATE INDEX idx_comments_position ON comments(position);
CREATE INDEX idx_comments_parent ON comments(parent_id);
CREATE INDEX idx_people_document_count ON people(document_count);
CREATE INDEX idx_people_name ON people(name);
CREATE INDEX idx_organizations_kind ON organizations(kind);
CREATE INDEX idx_organizations_document_count ON organizations(document_count);
CREATE INDEX idx_organizations_name ON organizations(name);
CREATE INDEX idx_document_people_role ON document_people(role);
CREATE INDEX idx_claims_kind ON claims(kind);
CREATE INDEX idx_claims_comment ON claims(comment_id);
CREATE INDEX idx_claim_clauses_claim ON claim_clauses(claim_id);
CREATE INDEX idx_claim_clauses_document ON claim_clauses(document_id);
CREATE INDEX idx_claim_clauses_topic ON claim_clauses(topic);
CREATE INDEX idx_mentions_comment ON mentions(comment_id);
CREATE INDEX idx_mentions_method ON mentions(method);
CREATE INDEX idx_affiliations_document ON affiliations(document_id);
CREATE INDEX idx_removed_lines_reason ON removed_lines(reason);
CREATE INDEX idx_build_reports_level ON build_reports(level);
