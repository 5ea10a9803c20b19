-- veille schema, version 3: stories. Written by veille.stories over the stored analyses: each
-- clustered document's profile and MinHash signature, the LSH bands and story keys that find
-- its candidates (index range searches bounded by a publication window), the links found,
-- and, per story, its summary, its merged events and the event reports each one keeps.
-- A document analysed again (new content hash or pipeline version) is clustered again.
CREATE TABLE story_docs (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    pipeline_version TEXT NOT NULL,
    day TEXT NOT NULL,
    language TEXT,
    source TEXT,
    shingles INTEGER NOT NULL,
    signature BLOB NOT NULL,
    profile TEXT NOT NULL,
    copy_of TEXT NOT NULL,
    story_id TEXT NOT NULL
);
CREATE INDEX story_docs_story ON story_docs(story_id);
CREATE INDEX story_docs_copy ON story_docs(copy_of);

CREATE TABLE copy_bands (
    band INTEGER NOT NULL,
    hash BIGINT NOT NULL,
    day TEXT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES story_docs(doc_id) ON DELETE CASCADE,
    PRIMARY KEY (band, hash, day, doc_id)
);
CREATE INDEX copy_bands_doc ON copy_bands(doc_id);

CREATE TABLE story_keys (
    key TEXT NOT NULL,
    day TEXT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES story_docs(doc_id) ON DELETE CASCADE,
    PRIMARY KEY (key, day, doc_id)
);
CREATE INDEX story_keys_doc ON story_keys(doc_id);

CREATE TABLE story_links (
    doc_a TEXT NOT NULL REFERENCES story_docs(doc_id) ON DELETE CASCADE,
    doc_b TEXT NOT NULL REFERENCES story_docs(doc_id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (doc_a, doc_b)
);
CREATE INDEX story_links_b ON story_links(doc_b);

CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT,
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    documents INTEGER NOT NULL,
    originals INTEGER NOT NULL,
    languages TEXT NOT NULL,
    outlets TEXT NOT NULL,
    events INTEGER NOT NULL
);
CREATE INDEX stories_last_day ON stories(last_day);

CREATE TABLE story_events (
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    type TEXT NOT NULL,
    mode TEXT,
    source TEXT,
    source_key TEXT,
    target TEXT,
    target_key TEXT,
    date TEXT,
    location TEXT,
    location_key TEXT,
    first_day TEXT NOT NULL,
    reports INTEGER NOT NULL,
    originals INTEGER NOT NULL,
    outlets INTEGER NOT NULL,
    languages TEXT NOT NULL,
    PRIMARY KEY (story_id, idx)
);
CREATE INDEX story_events_type ON story_events(type);

CREATE TABLE story_event_reports (
    story_id TEXT NOT NULL,
    event_idx INTEGER NOT NULL,
    doc_id TEXT NOT NULL REFERENCES story_docs(doc_id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx),
    FOREIGN KEY (story_id, event_idx) REFERENCES story_events(story_id, idx) ON DELETE CASCADE
);
CREATE INDEX story_event_reports_event ON story_event_reports(story_id, event_idx);
