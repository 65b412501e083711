-- Issue management: categories with names per language, deadlines in
-- calendar or working days, default department and assignee, escalation
-- contact and portal choice; issues on several invoices or on the whole
-- debtor, with a five-step status, notes, attachments and a history.

-- Names in the entity languages, as {"nl": "Verkoop", "de": "Vertrieb"};
-- `name` stays the name used where no translation exists.
ALTER TABLE business_processes
  ADD COLUMN names jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(names) = 'object');

ALTER TABLE issue_categories
  ADD COLUMN names jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(names) = 'object'),
  -- Whether days_to_resolve counts every calendar day or only the entity's working days.
  ADD COLUMN day_kind text NOT NULL DEFAULT 'calendar' CHECK (day_kind IN ('calendar', 'working')),
  ADD COLUMN assignee_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  -- Who hears of an issue past its deadline: a user, or else this address.
  ADD COLUMN escalation_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  ADD COLUMN escalation_email text CHECK (escalation_email IS NULL OR length(escalation_email) <= 254),
  -- Whether a debtor may choose this category in the customer portal.
  ADD COLUMN portal_selectable boolean NOT NULL DEFAULT false,
  -- After an issue of a pausing category closes, its invoices get no
  -- reminder until this many days have passed.
  ADD COLUMN resume_after_days integer NOT NULL DEFAULT 7 CHECK (resume_after_days BETWEEN 0 AND 90),
  -- A category that no new issue may use; existing issues keep it.
  ADD COLUMN archived boolean NOT NULL DEFAULT false;

ALTER TABLE issues DROP CONSTRAINT issues_status_check;
UPDATE issues SET status = 'new' WHERE status = 'open';
ALTER TABLE issues
  ALTER COLUMN status SET DEFAULT 'new',
  ADD CONSTRAINT issues_status_check
    CHECK (status IN ('new', 'in_progress', 'waiting_for_debtor', 'resolved', 'rejected')),
  -- Number shown to people, per organisation, counted up from 1.
  ADD COLUMN number integer,
  ADD COLUMN assignee_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  -- Where the issue came from: a user of the web app, the debtor in the portal, or an API key.
  ADD COLUMN source text NOT NULL DEFAULT 'user' CHECK (source IN ('user', 'portal', 'api')),
  -- The business date (entity time zone) the issue was registered.
  ADD COLUMN opened_on date,
  -- The business date it was resolved or rejected; dunning resumes from here.
  ADD COLUMN closed_on date,
  ADD COLUMN outcome text CHECK (outcome IN ('favour_debtor', 'favour_creditor', 'partly')),
  ADD COLUMN credit_note_expected boolean NOT NULL DEFAULT false,
  ADD COLUMN resolution text NOT NULL DEFAULT '' CHECK (length(resolution) <= 4000),
  ADD COLUMN escalated_at timestamptz,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

UPDATE issues SET opened_on = (opened_at AT TIME ZONE 'UTC')::date;
UPDATE issues SET closed_on = (resolved_at AT TIME ZONE 'UTC')::date, outcome = 'favour_creditor'
  WHERE status = 'resolved';
WITH numbered AS (
  SELECT id, row_number() OVER (PARTITION BY organisation_id ORDER BY opened_at, id) AS n
  FROM issues
)
UPDATE issues SET number = numbered.n FROM numbered WHERE issues.id = numbered.id;
ALTER TABLE issues
  ALTER COLUMN number SET NOT NULL,
  ALTER COLUMN opened_on SET NOT NULL,
  ALTER COLUMN opened_on SET DEFAULT (now() AT TIME ZONE 'UTC')::date,
  ADD CONSTRAINT issues_number_unique UNIQUE (organisation_id, number),
  ADD CONSTRAINT issues_description_length CHECK (length(description) <= 4000),
  ADD CONSTRAINT issues_closed_has_date
    CHECK ((status IN ('resolved', 'rejected')) = (closed_on IS NOT NULL)),
  ADD CONSTRAINT issues_outcome_when_resolved
    CHECK ((status = 'resolved') = (outcome IS NOT NULL));

-- Gives each new issue the next number of its organisation. It runs as the
-- owner of the tables, so that numbers of entities hidden from the caller by
-- the entity scope count too; the lock makes concurrent inserts wait.
CREATE FUNCTION assign_issue_number() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF NEW.number IS NULL THEN
    PERFORM pg_advisory_xact_lock(hashtext('issue-number:' || NEW.organisation_id::text));
    SELECT coalesce(max(number), 0) + 1 INTO NEW.number
      FROM issues WHERE organisation_id = NEW.organisation_id;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER issues_number BEFORE INSERT ON issues
  FOR EACH ROW EXECUTE FUNCTION assign_issue_number();

DROP INDEX issues_open_deadline;
CREATE INDEX issues_open_deadline ON issues (organisation_id, deadline)
  WHERE status IN ('new', 'in_progress', 'waiting_for_debtor');
CREATE INDEX issues_department ON issues (department_id, deadline);
CREATE INDEX issues_assignee ON issues (assignee_user_id, deadline);

-- The invoices an issue concerns. An issue without rows here concerns the
-- whole debtor: every invoice of the debtor, also those imported later.
CREATE TABLE issue_invoices (
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  issue_id uuid NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  invoice_id uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  PRIMARY KEY (issue_id, invoice_id)
);
CREATE INDEX issue_invoices_invoice ON issue_invoices (invoice_id);

INSERT INTO issue_invoices (organisation_id, entity_id, issue_id, invoice_id)
  SELECT organisation_id, entity_id, id, invoice_id FROM issues WHERE invoice_id IS NOT NULL;
ALTER TABLE issues DROP COLUMN invoice_id;

CREATE TABLE issue_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  issue_id uuid NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  -- Whether the debtor sees the note in the customer portal.
  shared_with_debtor boolean NOT NULL DEFAULT false,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX issue_notes_issue ON issue_notes (issue_id, created_at);

-- Files kept with an issue, in the database itself so that a backup of the
-- database holds everything. The application limits size and content types.
CREATE TABLE issue_attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  issue_id uuid NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  content_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
  sha256 text NOT NULL,
  content bytea NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX issue_attachments_issue ON issue_attachments (issue_id, created_at);

-- Everything that happened to an issue, oldest first.
CREATE TABLE issue_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  issue_id uuid NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN (
    'created', 'status_changed', 'assigned', 'category_changed', 'invoices_changed',
    'description_changed', 'deadline_changed', 'note_added', 'attachment_added',
    'attachment_removed', 'escalated', 'resolved', 'rejected', 'reopened'
  )),
  actor text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- The clock time, not the transaction's start, so events of one request keep their order.
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX issue_events_issue ON issue_events (issue_id, created_at);

DO $$
DECLARE
  table_name text;
BEGIN
  FOREACH table_name IN ARRAY ARRAY['issue_invoices', 'issue_notes', 'issue_attachments', 'issue_events']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', table_name);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I
         USING (organisation_id = nullif(current_setting(''collecta.organisation_id'', true), '''')::uuid)
         WITH CHECK (organisation_id = nullif(current_setting(''collecta.organisation_id'', true), '''')::uuid)',
      table_name);
    EXECUTE format(
      'CREATE POLICY entity_scope ON %I AS RESTRICTIVE
         USING (coalesce(current_setting(''collecta.entity_ids'', true), '''') = ''''
                OR entity_id = ANY (string_to_array(current_setting(''collecta.entity_ids'', true), '','')::uuid[]))
         WITH CHECK (coalesce(current_setting(''collecta.entity_ids'', true), '''') = ''''
                OR entity_id = ANY (string_to_array(current_setting(''collecta.entity_ids'', true), '','')::uuid[]))',
      table_name);
  END LOOP;
END
$$;

-- Managers open on the start screen, where escalated issues are listed,
-- unless an administrator chose another start screen for the preset group.
UPDATE user_groups SET start_screen = 'home'
  WHERE preset = 'manager' AND start_screen = 'reports';
