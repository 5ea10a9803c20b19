-- veille schema, version 4 on PostgreSQL: 0004_segments_and_evidence_words.sql with every text
-- column compared bytewise (COLLATE "C"), as in the rest of the schema.
CREATE TABLE segments (
    doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    kind TEXT COLLATE "C" NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    language TEXT COLLATE "C",
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE event_words (
    word TEXT COLLATE "C" NOT NULL,
    doc_id TEXT COLLATE "C" NOT NULL,
    idx INTEGER NOT NULL,
    PRIMARY KEY (word, doc_id, idx),
    FOREIGN KEY (doc_id, idx) REFERENCES events(doc_id, idx) ON DELETE CASCADE
);
CREATE INDEX event_words_event ON event_words(doc_id, idx);

UPDATE documents SET pipeline_version = '';
