-- veille schema, version 6: a quote keeps the spans it joins ("« A », a-t-il dit, « B »" is one
-- quote of two parts), as JSON [[start, end], ...]. Documents stored before are marked stale
-- (empty pipeline_version) so the next ingest of the same input fills the column in.
ALTER TABLE quotes ADD COLUMN parts TEXT NOT NULL DEFAULT '[]';
UPDATE documents SET pipeline_version = '';
