-- Purpose: limit an API key to entities, like its creator. A key made by a
-- user limited to some entities gets those entities, so the key cannot reach
-- more than its creator could. NULL means every entity of the organisation,
-- which keys made before this migration and keys made on the command line
-- keep.
ALTER TABLE api_keys ADD COLUMN entity_ids uuid[];

ALTER TABLE api_keys ADD CONSTRAINT api_keys_entity_ids_not_empty
  CHECK (entity_ids IS NULL OR cardinality(entity_ids) > 0);
