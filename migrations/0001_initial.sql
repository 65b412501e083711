-- Purpose: the core of Collecta: tenants, entities, users, debtors and their
-- invoices and payments, segments and succession profiles, the dunning state,
-- message batches, call tasks and the audit log. Every table carries the
-- organisation id, and row-level security keeps organisations apart for the
-- application role (see the policies at the end).

CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid GENERATED ALWAYS AS (id) STORED,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text NOT NULL,
  live_since timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE entities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  code text NOT NULL,
  name text NOT NULL,
  currency char(3) NOT NULL,
  country char(2) NOT NULL,
  language text NOT NULL,
  time_zone text NOT NULL,
  iban text,
  bic text,
  address_line text,
  postal_code text,
  city text,
  coc_number text,
  vat_number text,
  sender_email text,
  sender_name text,
  portal_url text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, code),
  UNIQUE (organisation_id, id)
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  username text NOT NULL,
  email text NOT NULL,
  name text NOT NULL,
  language text NOT NULL DEFAULT 'en',
  password_hash text,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, username)
);
-- Usernames are unique across organisations so that login needs no tenant field.
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  csrf_token text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE succession_profiles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, name)
);

CREATE TABLE steps (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  profile_id uuid NOT NULL REFERENCES succession_profiles (id) ON DELETE CASCADE,
  name text NOT NULL,
  -- Days relative to the due date at which the step becomes due; negative is before it.
  day_offset integer NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'letter', 'sms', 'call', 'fax', 'handover')),
  template_key text NOT NULL,
  -- Smallest open total, in minor units of the debtor's currency, that the step acts on.
  minimum_amount_minor bigint NOT NULL DEFAULT 0 CHECK (minimum_amount_minor >= 0),
  min_days_since_previous integer NOT NULL DEFAULT 0 CHECK (min_days_since_previous >= 0),
  conditions jsonb NOT NULL DEFAULT '{}'::jsonb,
  UNIQUE (profile_id, day_offset)
);

CREATE TABLE segments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  name text NOT NULL,
  priority integer NOT NULL DEFAULT 100,
  rules jsonb NOT NULL DEFAULT '[]'::jsonb,
  profile_id uuid NOT NULL REFERENCES succession_profiles (id),
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, name)
);
CREATE UNIQUE INDEX segments_one_default ON segments (organisation_id) WHERE is_default;

CREATE TABLE debtors (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  number text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL DEFAULT 'b2b' CHECK (kind IN ('b2b', 'b2c')),
  -- NULL means the entity's language applies.
  language text,
  country char(2),
  email text,
  phone text,
  address_line text,
  postal_code text,
  city text,
  coc_number text,
  vat_number text,
  risk_score integer,
  credit_limit_minor bigint,
  segment_id uuid REFERENCES segments (id) ON DELETE SET NULL,
  custom jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entity_id, number)
);
CREATE INDEX debtors_organisation_name ON debtors (organisation_id, lower(name));

CREATE TABLE contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  debtor_id uuid NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  role text NOT NULL DEFAULT 'general' CHECK (role IN ('invoices', 'reminders', 'general')),
  name text,
  email text,
  phone text,
  mobile text,
  fax text,
  address_line text,
  postal_code text,
  city text,
  country char(2),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contacts_debtor ON contacts (debtor_id);

CREATE TABLE invoices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  debtor_id uuid NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  number text NOT NULL,
  kind text NOT NULL DEFAULT 'invoice' CHECK (kind IN ('invoice', 'credit_note')),
  invoice_date date NOT NULL,
  due_date date NOT NULL,
  currency char(3) NOT NULL,
  -- Original amount in minor units, tax included; negative for credit notes.
  amount_minor bigint NOT NULL,
  -- Set when a full snapshot import no longer lists the invoice: closed from that date on.
  closed_on date,
  hold_reason text,
  hold_until date,
  custom jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entity_id, number)
);
CREATE INDEX invoices_debtor ON invoices (debtor_id);
CREATE INDEX invoices_entity_due ON invoices (entity_id, due_date);

CREATE TABLE payments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  debtor_id uuid REFERENCES debtors (id) ON DELETE SET NULL,
  payment_date date NOT NULL,
  currency char(3) NOT NULL,
  amount_minor bigint NOT NULL,
  source text NOT NULL CHECK (source IN ('import', 'bank', 'provider', 'manual')),
  reference text,
  -- Identifies the payment in its source so that reading the source again books nothing twice.
  external_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entity_id, source, external_key)
);

CREATE TABLE allocations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  payment_id uuid NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
  invoice_id uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  amount_minor bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (payment_id, invoice_id)
);
CREATE INDEX allocations_invoice ON allocations (invoice_id);

CREATE TABLE imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  file_name text NOT NULL,
  sha256 text NOT NULL,
  mapping text NOT NULL,
  is_full boolean NOT NULL,
  summary jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dunning_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  run_date date NOT NULL,
  summary jsonb NOT NULL,
  -- One entry per debtor left out, with the reason: on hold, under the minimum, net credit.
  skipped jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE message_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  run_date date NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'letter', 'sms', 'fax', 'handover')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'sent')),
  approved_by text,
  approved_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entity_id, run_date, channel)
);

CREATE TABLE messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  batch_id uuid NOT NULL REFERENCES message_batches (id) ON DELETE CASCADE,
  run_id uuid NOT NULL REFERENCES dunning_runs (id) ON DELETE CASCADE,
  debtor_id uuid NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  step_id uuid NOT NULL REFERENCES steps (id),
  channel text NOT NULL CHECK (channel IN ('email', 'letter', 'sms', 'fax', 'handover')),
  language text NOT NULL,
  currency char(3) NOT NULL,
  total_minor bigint NOT NULL,
  payment_reference text,
  recipient text,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'removed', 'approved', 'sending', 'sent', 'failed')),
  -- Why the message was made: profile, step, invoices and their days past due.
  explanation jsonb NOT NULL,
  smtp_message_id text,
  sent_at timestamptz,
  error text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_batch ON messages (batch_id);
CREATE INDEX messages_debtor ON messages (debtor_id);

CREATE TABLE call_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  run_id uuid NOT NULL REFERENCES dunning_runs (id) ON DELETE CASCADE,
  debtor_id uuid NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  step_id uuid NOT NULL REFERENCES steps (id),
  due_date date NOT NULL,
  currency char(3) NOT NULL,
  total_minor bigint NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  outcome text,
  note text,
  explanation jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX call_tasks_debtor ON call_tasks (debtor_id);

-- The dunning state of an invoice: one row per step it has reached, with the
-- message or call task that carried it. The unique key is what guarantees
-- that no invoice gets the same step twice, however often a run repeats.
CREATE TABLE dunning_states (
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  invoice_id uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  step_id uuid NOT NULL REFERENCES steps (id),
  reached_on date NOT NULL,
  run_id uuid NOT NULL REFERENCES dunning_runs (id) ON DELETE CASCADE,
  message_id uuid REFERENCES messages (id) ON DELETE CASCADE,
  call_task_id uuid REFERENCES call_tasks (id) ON DELETE CASCADE,
  PRIMARY KEY (invoice_id, step_id)
);

CREATE TABLE audit_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  -- User id, "cli:<os user>" or "system".
  actor text NOT NULL,
  action text NOT NULL,
  subject_type text NOT NULL,
  subject_id text,
  before jsonb,
  after jsonb
);
CREATE INDEX audit_events_subject ON audit_events (organisation_id, subject_type, subject_id);

-- Row-level security: every tenant query runs as the application role with
-- collecta.organisation_id set for its transaction; a row of another
-- organisation is neither visible nor writable. The role is created here when
-- the migrating user may create roles; see src/db/migrate.ts.
DO $$
DECLARE
  table_name text;
BEGIN
  FOREACH table_name IN ARRAY ARRAY[
    'organisations', 'entities', 'users', 'sessions', 'succession_profiles', 'steps',
    'segments', 'debtors', 'contacts', 'invoices', 'payments', 'allocations', 'imports',
    'dunning_runs', 'message_batches', 'messages', 'call_tasks', 'dunning_states',
    'audit_events'
  ] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', table_name);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I
         USING (organisation_id = nullif(current_setting(''collecta.organisation_id'', true), '''')::uuid)
         WITH CHECK (organisation_id = nullif(current_setting(''collecta.organisation_id'', true), '''')::uuid)',
      table_name);
  END LOOP;
END
$$;
