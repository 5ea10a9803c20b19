-- veille schema, version 3, PostgreSQL: the tables of the SQLite file beside this one, with
-- text compared bytewise (COLLATE "C"), signatures as BYTEA and scores as DOUBLE PRECISION.
CREATE TABLE story_docs (
    doc_id TEXT COLLATE "C" PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    content_hash TEXT COLLATE "C" NOT NULL,
    pipeline_version TEXT COLLATE "C" NOT NULL,
    day TEXT COLLATE "C" NOT NULL,
    language TEXT COLLATE "C",
    source TEXT COLLATE "C",
    shingles INTEGER NOT NULL,
    signature BYTEA NOT NULL,
    profile TEXT COLLATE "C" NOT NULL,
    copy_of TEXT COLLATE "C" NOT NULL,
    story_id TEXT COLLATE "C" NOT NULL
);
CREATE INDEX story_docs_story ON story_docs(story_id);
CREATE INDEX story_docs_copy ON story_docs(copy_of);

CREATE TABLE copy_bands (
    band INTEGER NOT NULL,
    hash BIGINT NOT NULL,
    day TEXT COLLATE "C" NOT NULL,
    doc_id TEXT COLLATE "C" NOT NULL REFERENCES story_docs(doc_id) ON DELETE CASCADE,
    PRIMARY KEY (band, hash, day, doc_id)
);
CREATE INDEX copy_bands_doc ON copy_bands(doc_id);

CREATE TABLE story_keys (
    key TEXT COLLATE "C" NOT NULL,
    day TEXT COLLATE "C" NOT NULL,
    doc_id TEXT COLLATE "C" NOT NULL REFERENCES story_docs(doc_id) ON DELETE CASCADE,
    PRIMARY KEY (key, day, doc_id)
);
CREATE INDEX story_keys_doc ON story_keys(doc_id);

CREATE TABLE story_links (
    doc_a TEXT COLLATE "C" NOT NULL REFERENCES story_docs(doc_id) ON DELETE CASCADE,
    doc_b TEXT COLLATE "C" NOT NULL REFERENCES story_docs(doc_id) ON DELETE CASCADE,
    kind TEXT COLLATE "C" NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (doc_a, doc_b)
);
CREATE INDEX story_links_b ON story_links(doc_b);

CREATE TABLE stories (
    id TEXT COLLATE "C" PRIMARY KEY,
    title TEXT COLLATE "C",
    first_day TEXT COLLATE "C" NOT NULL,
    last_day TEXT COLLATE "C" NOT NULL,
    documents INTEGER NOT NULL,
    originals INTEGER NOT NULL,
    languages TEXT COLLATE "C" NOT NULL,
    outlets TEXT COLLATE "C" NOT NULL,
    events INTEGER NOT NULL
);
CREATE INDEX stories_last_day ON stories(last_day);

CREATE TABLE story_events (
    story_id TEXT COLLATE "C" NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    mode TEXT COLLATE "C",
    source TEXT COLLATE "C",
    source_key TEXT COLLATE "C",
    target TEXT COLLATE "C",
    target_key TEXT COLLATE "C",
    date TEXT COLLATE "C",
    location TEXT COLLATE "C",
    location_key TEXT COLLATE "C",
    first_day TEXT COLLATE "C" NOT NULL,
    reports INTEGER NOT NULL,
    originals INTEGER NOT NULL,
    outlets INTEGER NOT NULL,
    languages TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (story_id, idx)
);
CREATE INDEX story_events_type ON story_events(type);

CREATE TABLE story_event_reports (
    story_id TEXT COLLATE "C" NOT NULL,
    event_idx INTEGER NOT NULL,
    doc_id TEXT COLLATE "C" NOT NULL REFERENCES story_docs(doc_id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx),
    FOREIGN KEY (story_id, event_idx) REFERENCES story_events(story_id, idx) ON DELETE CASCADE
);
CREATE INDEX story_event_reports_event ON story_event_reports(story_id, event_idx);
