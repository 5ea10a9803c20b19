-- veille schema, version 1: documents and everything extracted from them.
-- Every extracted row keeps its document id and character offsets into documents.text.
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    title TEXT,
    language TEXT,
    published TEXT,
    url TEXT,
    source TEXT,
    path TEXT,
    content_hash TEXT NOT NULL,
    pipeline_version TEXT NOT NULL,
    text TEXT NOT NULL,
    record TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);

CREATE TABLE entities (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity_key TEXT NOT NULL,
    kb_id TEXT,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    country TEXT,
    role TEXT,
    named INTEGER NOT NULL,
    PRIMARY KEY (doc_id, entity_key)
);
CREATE INDEX entities_name ON entities(name);

CREATE TABLE mentions (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity_key TEXT NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    via TEXT NOT NULL
);
CREATE INDEX mentions_entity ON mentions(entity_key);

CREATE TABLE events (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    type TEXT NOT NULL,
    mode TEXT,
    source TEXT,
    source_key TEXT,
    target TEXT,
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

CREATE TABLE quantities (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
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
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE quotes (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    speaker TEXT,
    speaker_key TEXT,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
