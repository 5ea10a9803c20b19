-- veille schema, version 2, PostgreSQL: the tables of the SQLite file beside this one, with
-- what differs on PostgreSQL: every text column compares bytewise (COLLATE "C"), as SQLite's
-- do, so that orderings and the word-prefix ranges of name look-ups are the same on both
-- backends whatever the server's locale; amounts and confidences are DOUBLE PRECISION (REAL is
-- four bytes on PostgreSQL). PostgreSQL support begins with this version: the tables of
-- version 1 never held data there and are created again.
DROP TABLE quotes;
DROP TABLE quantities;
DROP TABLE events;
DROP TABLE mentions;
DROP TABLE entities;
DROP TABLE documents;
CREATE TABLE documents (
    id TEXT COLLATE "C" PRIMARY KEY,
    title TEXT COLLATE "C",
    language TEXT COLLATE "C",
    published TEXT COLLATE "C",
    url TEXT COLLATE "C",
    source TEXT COLLATE "C",
    path TEXT COLLATE "C",
    content_hash TEXT COLLATE "C" NOT NULL,
    pipeline_version TEXT COLLATE "C" NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    ingested_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX documents_published ON documents(published);

CREATE TABLE entities (
    doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    entity_key TEXT COLLATE "C" NOT NULL,
    kb_id TEXT COLLATE "C",
    name TEXT COLLATE "C" NOT NULL,
    name_fold TEXT COLLATE "C" NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    country TEXT COLLATE "C",
    role TEXT COLLATE "C",
    named INTEGER NOT NULL,
    PRIMARY KEY (doc_id, entity_key),
    UNIQUE (doc_id, idx)
);
CREATE INDEX entities_key ON entities(entity_key);
CREATE INDEX entities_name_fold ON entities(name_fold);

CREATE TABLE mentions (
    doc_id TEXT COLLATE "C" NOT NULL,
    idx INTEGER NOT NULL,
    entity_key TEXT COLLATE "C" NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    via TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (doc_id, idx),
    FOREIGN KEY (doc_id, entity_key) REFERENCES entities(doc_id, entity_key) ON DELETE CASCADE
);
CREATE INDEX mentions_doc_entity ON mentions(doc_id, entity_key);
CREATE INDEX mentions_entity ON mentions(entity_key);

CREATE TABLE events (
    doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    mode TEXT COLLATE "C",
    source TEXT COLLATE "C",
    source_fold TEXT COLLATE "C",
    source_key TEXT COLLATE "C",
    target TEXT COLLATE "C",
    target_fold TEXT COLLATE "C",
    target_key TEXT COLLATE "C",
    date TEXT COLLATE "C",
    date_text TEXT COLLATE "C",
    date_precision TEXT COLLATE "C",
    location TEXT COLLATE "C",
    location_key TEXT COLLATE "C",
    claimant TEXT COLLATE "C",
    status TEXT COLLATE "C" NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    trigger TEXT COLLATE "C",
    evidence TEXT COLLATE "C" NOT NULL,
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
    doc_id TEXT COLLATE "C" NOT NULL,
    idx INTEGER NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    unit TEXT COLLATE "C" NOT NULL,
    what TEXT COLLATE "C",
    qualifier TEXT COLLATE "C",
    equivalent_of INTEGER,
    event_idx INTEGER,
    evidence TEXT COLLATE "C" NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx),
    FOREIGN KEY (doc_id) REFERENCES documents(id) ON DELETE CASCADE
);
CREATE INDEX quantities_event ON quantities(doc_id, event_idx);

CREATE TABLE quotes (
    doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    speaker TEXT COLLATE "C",
    speaker_fold TEXT COLLATE "C",
    speaker_key TEXT COLLATE "C",
    text TEXT COLLATE "C" NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX quotes_speaker_fold ON quotes(speaker_fold);
CREATE INDEX quotes_speaker_key ON quotes(speaker_key);

CREATE TABLE name_words (
    word TEXT COLLATE "C" NOT NULL,
    name_fold TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (word, name_fold)
);
