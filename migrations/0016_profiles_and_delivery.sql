-- Purpose: editable succession profiles, and the delivery features of the
-- channels: per-invoice steps, steps that add collection costs or interest,
-- attachments, a stricter profile for debtors whose promises keep breaking,
-- debtors held from batch review, call retries, bounced e-mail, invoice
-- copies, and fax through an e-mail-to-fax gateway.

-- Steps -----------------------------------------------------------------
-- * scope: 'debtor' makes one message listing every invoice of the debtor
--   at the step; 'invoice' makes one message per invoice.
-- * adds_collection_costs / adds_interest: the step charges collection
--   costs or interest; the payments part computes the amounts.
-- * attach_invoice_copies / attach_letter: e-mails of the step carry the
--   stored copies of the listed invoices and the message as a PDF letter.
-- * removed_at: a step taken off its profile. Invoices that reached it keep
--   their dunning state, which refers to the step, so the row stays; runs
--   ignore removed steps.
ALTER TABLE steps
  ADD COLUMN scope text NOT NULL DEFAULT 'debtor' CHECK (scope IN ('debtor', 'invoice')),
  ADD COLUMN adds_collection_costs boolean NOT NULL DEFAULT false,
  ADD COLUMN adds_interest boolean NOT NULL DEFAULT false,
  ADD COLUMN attach_invoice_copies boolean NOT NULL DEFAULT false,
  ADD COLUMN attach_letter boolean NOT NULL DEFAULT false,
  ADD COLUMN removed_at timestamptz,
  ADD CONSTRAINT steps_name_length CHECK (length(name) BETWEEN 1 AND 100),
  ADD CONSTRAINT steps_day_offset_range CHECK (day_offset BETWEEN -365 AND 3650);

ALTER TABLE steps DROP CONSTRAINT steps_profile_id_day_offset_key;
CREATE UNIQUE INDEX steps_profile_day_offset ON steps (profile_id, day_offset)
  WHERE removed_at IS NULL;

-- Profiles ----------------------------------------------------------------
-- A debtor with at least broken_promises_threshold broken promises to pay in
-- the 12 months up to the run date is reminded with stricter_profile_id
-- instead. Both null: no escalation.
ALTER TABLE succession_profiles
  ADD COLUMN stricter_profile_id uuid REFERENCES succession_profiles (id) ON DELETE SET NULL,
  ADD COLUMN broken_promises_threshold integer
    CHECK (broken_promises_threshold IS NULL OR broken_promises_threshold BETWEEN 1 AND 50),
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD CONSTRAINT succession_profiles_not_stricter_than_itself CHECK (stricter_profile_id <> id),
  ADD CONSTRAINT succession_profiles_escalation_complete
    CHECK ((stricter_profile_id IS NULL) = (broken_promises_threshold IS NULL));

-- Debtors held from batch review -----------------------------------------
-- While dunning_hold_until is null or on or after the run date, a held
-- debtor gets no message or call task; the run lists the due steps as on hold.
ALTER TABLE debtors
  ADD COLUMN dunning_hold_reason text CHECK (length(dunning_hold_reason) BETWEEN 1 AND 500),
  ADD COLUMN dunning_hold_until date,
  ADD COLUMN dunning_held_by text,
  ADD COLUMN dunning_held_at timestamptz;

-- Call tasks ----------------------------------------------------------------
-- An unanswered call stays open and comes back on the call list on retry_on.
ALTER TABLE call_tasks
  ADD COLUMN retry_on date,
  ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0);

-- Bounced e-mail --------------------------------------------------------------
ALTER TABLE messages
  ADD COLUMN bounced_at timestamptz,
  -- The DSN status code and diagnostic, such as "5.1.1 user unknown".
  ADD COLUMN bounce_reason text CHECK (length(bounce_reason) <= 500);

-- Addresses a bounce marked unusable for a debtor; later e-mail steps of that
-- debtor go out as letters until the address changes or the flag is removed.
CREATE TABLE invalid_email_addresses (
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  debtor_id uuid NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  -- Lower case, as the message was addressed to it.
  address text NOT NULL CHECK (length(address) <= 320),
  message_id uuid REFERENCES messages (id) ON DELETE SET NULL,
  reason text CHECK (length(reason) <= 500),
  flagged_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (debtor_id, address)
);

-- Phone numbers a call marked as wrong; later call steps of that debtor go
-- out as letters.
CREATE TABLE invalid_phone_numbers (
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  debtor_id uuid NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  number text NOT NULL CHECK (length(number) <= 50),
  call_task_id uuid REFERENCES call_tasks (id) ON DELETE SET NULL,
  flagged_by text NOT NULL,
  flagged_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (debtor_id, number)
);

-- Invoice copies ------------------------------------------------------------
-- One stored copy (PDF) per invoice, attached to e-mails of steps that ask for it.
CREATE TABLE invoice_documents (
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  invoice_id uuid PRIMARY KEY REFERENCES invoices (id) ON DELETE CASCADE,
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  media_type text NOT NULL CHECK (media_type = 'application/pdf'),
  content bytea NOT NULL,
  byte_size integer NOT NULL CHECK (byte_size BETWEEN 1 AND 10485760),
  uploaded_by text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);

-- Fax ---------------------------------------------------------------------
-- The 'fax' channel setting names an e-mail-to-fax gateway: provider
-- 'email_gateway', settings {"addressTemplate": "{number}@fax.example.net"}.
ALTER TABLE channel_settings DROP CONSTRAINT channel_settings_channel_check;
ALTER TABLE channel_settings
  ADD CONSTRAINT channel_settings_channel_check CHECK (channel IN ('email', 'sms', 'payment', 'fax'));

DO $$
DECLARE
  table_name text;
BEGIN
  FOREACH table_name IN ARRAY ARRAY[
    'invalid_email_addresses', 'invalid_phone_numbers', 'invoice_documents'
  ] LOOP
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
