-- Purpose: entity scope for the audit log. An audit event now stores the
-- entity whose data it concerns, and a user limited to some entities sees
-- only the events of those entities plus the organisation-level ones.
--
-- Which events get an entity: every event about one entity's data (the
-- entity itself, its settings, logo and holidays, debtors, invoices, holds,
-- dunning runs, message batches, messages, call tasks, promises, imports
-- and issues) stores that entity's id. Organisation-level events (users,
-- user groups, departments, API keys, channels, provisioning, segments,
-- succession profiles, business processes) keep entity_id NULL, and every
-- user with audit.read sees them.
--
-- No foreign key to entities, on purpose. With ON DELETE SET NULL, deleting
-- an entity would turn its events into organisation-level events, and users
-- limited to other entities would then see its debtors' names and amounts.
-- The id stays instead, so only users with access to every entity see the
-- events of a deleted entity. Deleting the organisation still deletes its
-- events through organisation_id.
ALTER TABLE audit_events ADD COLUMN entity_id uuid;

-- Backfill: events written before this migration get the entity of their
-- subject when the subject row still exists. Events whose subject was
-- deleted stay NULL. The migration runs as the table owner, so row-level
-- security does not hide any row here.
UPDATE audit_events a SET entity_id = e.id
FROM entities e
WHERE a.subject_type = 'entity' AND a.entity_id IS NULL
  AND e.organisation_id = a.organisation_id AND e.id::text = a.subject_id;

DO $$
DECLARE
  subject text;
  subject_table text;
BEGIN
  FOR subject, subject_table IN
    SELECT * FROM (VALUES
      ('debtor', 'debtors'), ('invoice', 'invoices'), ('dunning_run', 'dunning_runs'),
      ('message_batch', 'message_batches'), ('message', 'messages'),
      ('call_task', 'call_tasks'), ('promise', 'promises'), ('import', 'imports'),
      ('issue', 'issues')
    ) AS subjects (subject, subject_table)
  LOOP
    EXECUTE format(
      'UPDATE audit_events a SET entity_id = s.entity_id
         FROM %I s
        WHERE a.subject_type = %L AND a.entity_id IS NULL
          AND s.organisation_id = a.organisation_id AND s.id::text = a.subject_id',
      subject_table, subject);
  END LOOP;
END
$$;

-- Entity scope, as for the other entity tables: when collecta.entity_ids
-- holds a comma-separated list of entity ids, events of other entities are
-- neither visible nor writable. Events with entity_id NULL are
-- organisation-level and stay visible. An empty or unset list means every
-- entity. The policy is RESTRICTIVE, so it applies on top of tenant_isolation.
CREATE POLICY entity_scope ON audit_events AS RESTRICTIVE
  USING (coalesce(current_setting('collecta.entity_ids', true), '') = ''
         OR entity_id IS NULL
         OR entity_id = ANY (string_to_array(current_setting('collecta.entity_ids', true), ',')::uuid[]))
  WITH CHECK (coalesce(current_setting('collecta.entity_ids', true), '') = ''
              OR entity_id IS NULL
              OR entity_id = ANY (string_to_array(current_setting('collecta.entity_ids', true), ',')::uuid[]));
