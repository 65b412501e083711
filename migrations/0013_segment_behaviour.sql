-- Segmentation by payment behaviour: debtors pinned to a segment by hand,
-- the log of every change of segment with its reason, and the date of each
-- entity's last nightly evaluation.

-- A pinned debtor keeps its segment: neither imports nor the nightly
-- evaluation move it. Who pinned it, and when, is kept with it.
ALTER TABLE debtors
  ADD COLUMN segment_pinned boolean NOT NULL DEFAULT false,
  ADD COLUMN segment_pinned_by text,
  ADD COLUMN segment_pinned_at timestamptz;

-- The local date of the entity's last nightly segment evaluation, so that
-- the hourly scheduler evaluates each entity once per local day.
ALTER TABLE entities ADD COLUMN segments_evaluated_on date;

CREATE TABLE segment_changes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  debtor_id uuid NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  from_segment_id uuid REFERENCES segments (id) ON DELETE SET NULL,
  to_segment_id uuid REFERENCES segments (id) ON DELETE SET NULL,
  -- Such as 'rule: averageDaysLate greaterThan 10 matched in segment "Late payers"'.
  reason text NOT NULL,
  source text NOT NULL CHECK (source IN ('import', 'nightly', 'manual')),
  changed_by text NOT NULL,
  -- The clock time, not the transaction's start, so changes of one request keep their order.
  changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX segment_changes_debtor ON segment_changes (debtor_id, changed_at);

ALTER TABLE segment_changes ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON segment_changes
  USING (organisation_id = nullif(current_setting('collecta.organisation_id', true), '')::uuid)
  WITH CHECK (organisation_id = nullif(current_setting('collecta.organisation_id', true), '')::uuid);
CREATE POLICY entity_scope ON segment_changes AS RESTRICTIVE
  USING (coalesce(current_setting('collecta.entity_ids', true), '') = ''
         OR entity_id = ANY (string_to_array(current_setting('collecta.entity_ids', true), ',')::uuid[]))
  WITH CHECK (coalesce(current_setting('collecta.entity_ids', true), '') = ''
         OR entity_id = ANY (string_to_array(current_setting('collecta.entity_ids', true), ',')::uuid[]));
