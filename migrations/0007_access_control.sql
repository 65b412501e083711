-- Purpose: who may do what. User groups carry permissions and a start
-- screen; a user belongs to one group and may be limited to some entities
-- and to one department. Invitation and password-reset links, API keys,
-- TOTP two-factor authentication, the provisioning wizard's progress, the
-- entity settings for sending (languages, working days, holidays), business
-- processes with their issue categories, issues, promises to pay and the
-- channel settings of an organisation.

CREATE TABLE departments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, name),
  UNIQUE (organisation_id, id)
);

CREATE TABLE user_groups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- Permission names such as 'debtors.read'; src/access/permissions.ts lists them.
  permissions text[] NOT NULL DEFAULT '{}',
  -- The screen the web app opens after login, such as 'home' or 'reports'.
  start_screen text NOT NULL DEFAULT 'home',
  -- Preset groups are seeded with every organisation; administrators may change or copy them.
  preset text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, slug),
  UNIQUE (organisation_id, id)
);

ALTER TABLE users
  ADD COLUMN group_id uuid REFERENCES user_groups (id),
  ADD COLUMN department_id uuid REFERENCES departments (id) ON DELETE SET NULL,
  -- Base32 TOTP secret; two-factor login is on once totp_enabled_at is set.
  ADD COLUMN totp_secret text,
  ADD COLUMN totp_enabled_at timestamptz,
  -- The last accepted TOTP time step, so that one code logs in only once.
  ADD COLUMN totp_last_step bigint,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- The entities a user may work on; a user without rows here may work on all of them.
CREATE TABLE user_entities (
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, entity_id)
);

-- Single-use secrets sent by e-mail; only their SHA-256 is stored.
CREATE TABLE user_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_tokens_user ON user_tokens (user_id);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- The first characters of the key, shown in lists so that a key can be recognised.
  prefix text NOT NULL,
  -- SHA-256 of the whole key, hex; the key itself is shown once and never stored.
  key_hash text NOT NULL UNIQUE,
  permissions text[] NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

ALTER TABLE organisations
  -- Wizard progress: the steps done and the step to resume at.
  ADD COLUMN provisioning jsonb NOT NULL DEFAULT '{}'::jsonb;

ALTER TABLE entities
  -- Languages the entity writes to debtors in; the first is the default.
  ADD COLUMN languages text[] NOT NULL DEFAULT '{}',
  -- ISO weekdays (1 = Monday ... 7 = Sunday) on which messages may be sent.
  ADD COLUMN working_days smallint[] NOT NULL DEFAULT '{1,2,3,4,5}',
  -- Built-in public holidays by country code, such as 'NL'; NULL for none.
  ADD COLUMN holiday_calendar text,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- Extra days without sending, on top of the holiday calendar: company closing days.
CREATE TABLE entity_holidays (
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  holiday date NOT NULL,
  name text NOT NULL,
  PRIMARY KEY (entity_id, holiday)
);

CREATE TABLE business_processes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, name)
);

CREATE TABLE issue_categories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  process_id uuid NOT NULL REFERENCES business_processes (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- Whether an open issue of this category stops dunning of the invoices it concerns.
  pauses_dunning boolean NOT NULL DEFAULT true,
  days_to_resolve integer NOT NULL CHECK (days_to_resolve BETWEEN 1 AND 365),
  department_id uuid REFERENCES departments (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (process_id, name)
);

CREATE TABLE issues (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  debtor_id uuid NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  invoice_id uuid REFERENCES invoices (id) ON DELETE CASCADE,
  category_id uuid NOT NULL REFERENCES issue_categories (id),
  department_id uuid REFERENCES departments (id) ON DELETE SET NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  description text NOT NULL DEFAULT '',
  deadline date NOT NULL,
  opened_by text NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz
);
CREATE INDEX issues_debtor ON issues (debtor_id);
CREATE INDEX issues_open_deadline ON issues (organisation_id, deadline) WHERE status = 'open';

-- A debtor's promise to pay an amount by a date, recorded from a call or a letter.
CREATE TABLE promises (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  debtor_id uuid NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  call_task_id uuid REFERENCES call_tasks (id) ON DELETE SET NULL,
  promised_date date NOT NULL,
  currency char(3) NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'broken')),
  note text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX promises_open_date ON promises (organisation_id, promised_date) WHERE status = 'open';

-- Per organisation and channel: the provider and its settings. Secrets such as
-- SMTP passwords and API keys live in `secret`, which the API never returns.
CREATE TABLE channel_settings (
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'payment')),
  provider text NOT NULL,
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  secret text,
  verified_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, channel)
);

DO $$
DECLARE
  table_name text;
BEGIN
  FOREACH table_name IN ARRAY ARRAY[
    'departments', 'user_groups', 'user_entities', 'user_tokens', 'api_keys',
    'entity_holidays', 'business_processes', 'issue_categories', 'issues', 'promises',
    'channel_settings'
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

-- Entity scope: when collecta.entity_ids holds a comma-separated list of
-- entity ids, rows of other entities are neither visible nor writable. An
-- empty or unset list means every entity of the organisation. This policy is
-- RESTRICTIVE, so it applies on top of tenant_isolation.
DO $$
DECLARE
  table_name text;
  entity_column text;
BEGIN
  FOR table_name, entity_column IN
    SELECT * FROM (VALUES
      ('entities', 'id'), ('debtors', 'entity_id'), ('invoices', 'entity_id'),
      ('payments', 'entity_id'), ('imports', 'entity_id'), ('dunning_runs', 'entity_id'),
      ('message_batches', 'entity_id'), ('messages', 'entity_id'), ('call_tasks', 'entity_id'),
      ('entity_holidays', 'entity_id'), ('issues', 'entity_id'), ('promises', 'entity_id')
    ) AS scoped (table_name, entity_column)
  LOOP
    EXECUTE format(
      'CREATE POLICY entity_scope ON %I AS RESTRICTIVE
         USING (coalesce(current_setting(''collecta.entity_ids'', true), '''') = ''''
                OR %I = ANY (string_to_array(current_setting(''collecta.entity_ids'', true), '','')::uuid[]))
         WITH CHECK (coalesce(current_setting(''collecta.entity_ids'', true), '''') = ''''
                OR %I = ANY (string_to_array(current_setting(''collecta.entity_ids'', true), '','')::uuid[]))',
      table_name, entity_column, entity_column);
  END LOOP;
END
$$;
