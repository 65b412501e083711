-- Purpose: store an entity's logo, drawn at the top right of its letters.
-- The logo is a PNG or JPEG of at most 512 KiB (524288 bytes); the content
-- type is set exactly when a logo is present.

ALTER TABLE entities
  ADD COLUMN logo bytea CHECK (octet_length(logo) <= 524288),
  ADD COLUMN logo_content_type text CHECK (logo_content_type IN ('image/png', 'image/jpeg')),
  ADD CONSTRAINT entities_logo_content_type_present
    CHECK ((logo IS NULL) = (logo_content_type IS NULL));
