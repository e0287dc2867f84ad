-- Full-text search (SQLite FTS5). Filled by the build from the tables above;
-- each row's rowid is the rowid of the row it indexes (documents.rowid,
-- claims.id, comments.id).
--
-- unicode61 with remove_diacritics 2 folds case and accents, so that
-- `reactivite` finds "réactivité" and `societe` finds "Société". The
-- `lemmas` column holds the spaCy lemmas of the same text, so that a search
-- for `réseau` also finds "réseaux" and `gérer` finds "gère". A trailing `*`
-- searches by prefix (`communaut*`).

CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, lemmas,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE VIRTUAL TABLE claims_fts USING fts5(
    text, lemmas,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE VIRTUAL TABLE comments_fts USING fts5(
    text, lemmas,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- The corpus's lexicon: each word form of the texts with the lemma spaCy gave
-- it and how often, both folded as the indexes fold them. A search expands
-- each word it is given into the forms that share its lemma ("stagiaires" →
-- stagiaire, stagiaires; "gère" → gérer, gère, gérons…), so that every form
-- is found and highlighted in the text itself.
CREATE TABLE word_forms (
    form TEXT NOT NULL,
    lemma TEXT NOT NULL,
    occurrences INTEGER NOT NULL,
    PRIMARY KEY (form, lemma)
);
CREATE INDEX idx_word_forms_lemma ON word_forms(lemma);
