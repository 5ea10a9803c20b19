-- veille schema, version 4 (numbered after the sentence offsets of version 3, which it does not
-- need): the segments the clean stage found (title, body, heading, page furniture, boilerplate),
-- so a reader shows the article as it was read, and the folded words of every event's evidence,
-- so a full-text query over evidence is an index search on both backends, like name_words.
-- Documents stored before have neither: they are marked stale (empty pipeline_version) and the
-- next ingest of the same input analyses them again.
CREATE TABLE segments (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    kind TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    language TEXT,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE event_words (
    word TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    PRIMARY KEY (word, doc_id, idx),
    FOREIGN KEY (doc_id, idx) REFERENCES events(doc_id, idx) ON DELETE CASCADE
);
CREATE INDEX event_words_event ON event_words(doc_id, idx);

UPDATE documents SET pipeline_version = '';
