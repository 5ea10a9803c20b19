-- veille schema, version 3: every quantity keeps the offsets of its sentence (its evidence)
-- beside the offsets of the amount, and documents keep their author (from a page's metadata,
-- a feed item or a record). Documents stored before are marked stale (empty pipeline_version)
-- so the next ingest of the same input fills the new columns in.
ALTER TABLE quantities ADD COLUMN sentence_start INTEGER NOT NULL DEFAULT -1;
ALTER TABLE quantities ADD COLUMN sentence_end INTEGER NOT NULL DEFAULT -1;
ALTER TABLE documents ADD COLUMN author TEXT;
UPDATE documents SET pipeline_version = '';
