-- veille schema, version 2: named keys on every row, folded names written with the rows, an
-- index on every foreign key and on the event actors, and the words of every name indexed in
-- name_words, so that name look-ups are index searches. The export record is no longer kept as
-- JSON beside the rows: the rows are the record.
--
-- The extracted tables are rebuilt. Documents analysed under version 1 keep their text and
-- metadata and are marked stale (empty pipeline_version): the next ingest of the same input
-- analyses them again.
DROP TABLE quotes;
DROP TABLE quantities;
DROP TABLE events;
DROP TABLE mentions;
DROP TABLE entities;
ALTER TABLE documents DROP COLUMN record;
UPDATE documents SET pipeline_version = '';
CREATE INDEX documents_published ON documents(published);

CREATE TABLE entities (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    entity_key TEXT NOT NULL,
    kb_id TEXT,
    name TEXT NOT NULL,
    name_fold TEXT NOT NULL,
    type TEXT NOT NULL,
    country TEXT,
    role TEXT,
    named INTEGER NOT NULL,
    PRIMARY KEY (doc_id, entity_key),
    UNIQUE (doc_id, idx)
);
CREATE INDEX entities_key ON entities(entity_key);
CREATE INDEX entities_name_fold ON entities(name_fold);

CREATE TABLE mentions (
    doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    entity_key TEXT NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    via TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx),
    FOREIGN KEY (doc_id, entity_key) REFERENCES entities(doc_id, entity_key) ON DELETE CASCADE
);
CREATE INDEX mentions_doc_entity ON mentions(doc_id, entity_key);
CREATE INDEX mentions_entity ON mentions(entity_key);

CREATE TABLE events (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    type TEXT NOT NULL,
    mode TEXT,
    source TEXT,
    source_fold TEXT,
    source_key TEXT,
    target TEXT,
    target_fold TEXT,
    target_key TEXT,
    date TEXT,
    date_text TEXT,
    date_precision TEXT,
    location TEXT,
    location_key TEXT,
    claimant TEXT,
    status TEXT NOT NULL,
    confidence REAL NOT NULL,
    trigger TEXT,
    evidence TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_source_key ON events(source_key);
CREATE INDEX events_target_key ON events(target_key);
CREATE INDEX events_source_fold ON events(source_fold);
CREATE INDEX events_target_fold ON events(target_fold);

CREATE TABLE quantities (
    doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    value REAL NOT NULL,
    unit TEXT NOT NULL,
    what TEXT,
    qualifier TEXT,
    equivalent_of INTEGER,
    event_idx INTEGER,
    evidence TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx),
    FOREIGN KEY (doc_id) REFERENCES documents(id) ON DELETE CASCADE
);
CREATE INDEX quantities_event ON quantities(doc_id, event_idx);

CREATE TABLE quotes (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    speaker TEXT,
    speaker_fold TEXT,
    speaker_key TEXT,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX quotes_speaker_fold ON quotes(speaker_fold);
CREATE INDEX quotes_speaker_key ON quotes(speaker_key);

CREATE TABLE name_words (
    word TEXT NOT NULL,
    name_fold TEXT NOT NULL,
    PRIMARY KEY (word, name_fold)
);
