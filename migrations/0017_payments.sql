-- Purpose: payments. Bank statements and the payments booked from them,
-- matching and the queue of unmatched payments, payment links through a
-- payment provider, payment references per invoice, payment arrangements
-- with instalments, collection costs, interest and fees charged by dunning
-- steps, the order in which payments settle them, and the statutory
-- interest rate tables as data.

-- Entities ------------------------------------------------------------------
-- * payment_reference_scheme: 'rf' gives invoices and messages an ISO 11649
--   creditor reference (RF...), 'nl' a Dutch payment reference
--   (betalingskenmerk, 16 digits with its check digit).
-- * allocation_order: how a payment settles an invoice's amounts.
--   'costs_interest_principal' is the legal default (art. 6:44 BW): costs
--   first, then interest, then the principal. 'principal_interest_costs'
--   settles the principal first.
-- * creditor_deducts_vat: false for a creditor that cannot deduct VAT
--   (such as a landlord, care or education); only then are collection costs
--   charged with VAT at vat_rate_basis_points.
-- * letter_delivery_working_days: the working days after posting on which a
--   letter is assumed delivered; the 14-day term of the Dutch consumer
--   letter starts the day after delivery.
-- * arrangement_grace_days: days after an instalment's due date before an
--   unpaid instalment breaks its arrangement.
ALTER TABLE entities
  ADD COLUMN payment_reference_scheme text NOT NULL DEFAULT 'rf'
    CHECK (payment_reference_scheme IN ('rf', 'nl')),
  ADD COLUMN allocation_order text NOT NULL DEFAULT 'costs_interest_principal'
    CHECK (allocation_order IN ('costs_interest_principal', 'principal_interest_costs')),
  ADD COLUMN creditor_deducts_vat boolean NOT NULL DEFAULT true,
  ADD COLUMN vat_rate_basis_points integer NOT NULL DEFAULT 2100
    CHECK (vat_rate_basis_points BETWEEN 0 AND 10000),
  ADD COLUMN letter_delivery_working_days integer NOT NULL DEFAULT 2
    CHECK (letter_delivery_working_days BETWEEN 0 AND 10),
  ADD COLUMN arrangement_grace_days integer NOT NULL DEFAULT 5
    CHECK (arrangement_grace_days BETWEEN 0 AND 60);

-- Further bank accounts of an entity besides entities.iban. A statement of
-- an account that is neither is refused unless the import says otherwise.
CREATE TABLE entity_bank_accounts (
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  -- Electronic form: upper case, no spaces.
  iban text NOT NULL CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (entity_id, iban)
);

-- Invoices ------------------------------------------------------------------
-- The payment reference the debtor quotes when paying this invoice: taken
-- from the import when the accounting package gives a valid one, otherwise
-- generated in the entity's scheme. Unique per entity.
ALTER TABLE invoices
  ADD COLUMN payment_reference text CHECK (length(payment_reference) <= 35);
CREATE UNIQUE INDEX invoices_payment_reference ON invoices (entity_id, payment_reference)
  WHERE payment_reference IS NOT NULL;
CREATE INDEX messages_payment_reference ON messages (entity_id, payment_reference)
  WHERE payment_reference IS NOT NULL;

-- Numbers for generated Dutch payment references; one sequence for every
-- organisation, so a number is never handed out twice.
CREATE SEQUENCE payment_reference_numbers AS bigint MINVALUE 1 START 1;

-- Bank statements ----------------------------------------------------------------
-- One row per statement (camt Stmt or Ntfctn, MT940 :20: block) booked for
-- an entity. Importing the same statement again finds this row and books
-- none of its transactions twice.
CREATE TABLE bank_statements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  format text NOT NULL CHECK (format IN ('camt.053', 'camt.054', 'mt940')),
  format_version text,
  -- camt Stmt/Id or Ntfctn/Id, MT940 :20:.
  identification text NOT NULL,
  sequence_number text,
  -- The account as the bank wrote it, and its IBAN when it has one.
  account_identification text NOT NULL,
  account_iban text,
  currency char(3),
  opening_balance_minor bigint,
  opening_balance_date date,
  closing_balance_minor bigint,
  closing_balance_date date,
  transaction_count integer NOT NULL CHECK (transaction_count >= 0),
  warnings jsonb NOT NULL DEFAULT '[]'::jsonb,
  imported_by text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entity_id, format, account_identification, identification, sequence_number)
);

-- Payments ------------------------------------------------------------------
-- A payment from a statement keeps what the bank said about it, how it was
-- matched, and what is left unallocated. A payment with an unallocated
-- remainder that is not dismissed waits in the queue of unmatched payments.
-- A negative amount is money going back: a reversal or a returned direct
-- debit, which undoes the allocations of the payment it reverses.
ALTER TABLE payments
  ADD COLUMN statement_id uuid REFERENCES bank_statements (id) ON DELETE SET NULL,
  ADD COLUMN value_date date,
  ADD COLUMN counterparty_name text CHECK (length(counterparty_name) <= 140),
  ADD COLUMN counterparty_iban text CHECK (length(counterparty_iban) <= 34),
  ADD COLUMN remittance_text text CHECK (length(remittance_text) <= 2000),
  ADD COLUMN end_to_end_id text CHECK (length(end_to_end_id) <= 35),
  ADD COLUMN bank_reference text CHECK (length(bank_reference) <= 100),
  -- receipt: money in; reversal: a booking the bank took back; return: a
  -- returned direct debit or transfer; other_debit: money out that is no
  -- receivable (dismissed on booking).
  ADD COLUMN booking_kind text NOT NULL DEFAULT 'receipt'
    CHECK (booking_kind IN ('receipt', 'reversal', 'return', 'other_debit')),
  ADD COLUMN return_reason_code text CHECK (length(return_reason_code) <= 35),
  -- The earlier payment a reversal or return undoes.
  ADD COLUMN reverses_payment_id uuid REFERENCES payments (id) ON DELETE SET NULL,
  -- reference, invoice_number, amount_iban: found by matching in that order;
  -- manual: allocated by a user; provider: a payment link; import: the
  -- accounting package booked it.
  ADD COLUMN match_method text
    CHECK (match_method IN ('reference', 'invoice_number', 'amount_iban', 'manual', 'provider', 'import')),
  ADD COLUMN matched_at timestamptz,
  ADD COLUMN matched_by text,
  -- Taken off the queue without allocation, with the reason (such as a refund
  -- to make, or money that is no receivable).
  ADD COLUMN dismissed_at timestamptz,
  ADD COLUMN dismissed_by text,
  ADD COLUMN dismiss_reason text CHECK (length(dismiss_reason) BETWEEN 1 AND 500),
  -- Problems kept with the payment, such as a counterparty IBAN that fails its check.
  ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]'::jsonb;
CREATE INDEX payments_statement ON payments (statement_id);
CREATE INDEX payments_queue ON payments (entity_id, payment_date)
  WHERE dismissed_at IS NULL AND source IN ('bank', 'provider', 'manual');

-- Charges -------------------------------------------------------------------------
-- Collection costs, interest and fees that a dunning step charged on an
-- invoice. The unique key makes a step charge each kind once per invoice,
-- however often a run repeats or retries. A charge waived by a user keeps
-- its row, with waived_at set, and is owed no more.
CREATE TABLE charges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  debtor_id uuid NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  invoice_id uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('collection_costs', 'interest', 'fee')),
  step_id uuid REFERENCES steps (id),
  run_id uuid REFERENCES dunning_runs (id) ON DELETE CASCADE,
  message_id uuid REFERENCES messages (id) ON DELETE SET NULL,
  call_task_id uuid REFERENCES call_tasks (id) ON DELETE SET NULL,
  -- The business date the charge is owed from.
  charged_on date NOT NULL,
  currency char(3) NOT NULL,
  -- The amount owed, VAT included.
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  vat_minor bigint NOT NULL DEFAULT 0 CHECK (vat_minor >= 0 AND vat_minor <= amount_minor),
  -- How the amount was found: the base, the scale or rate, interest periods.
  calculation jsonb NOT NULL,
  waived_at timestamptz,
  waived_by text,
  waive_reason text CHECK (length(waive_reason) BETWEEN 1 AND 500),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX charges_once_per_step ON charges (invoice_id, step_id, kind)
  WHERE step_id IS NOT NULL;
CREATE INDEX charges_debtor ON charges (debtor_id);

-- The part of a payment that settles a charge. The part that settles an
-- invoice's principal stays in allocations.
CREATE TABLE charge_allocations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  payment_id uuid NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
  charge_id uuid NOT NULL REFERENCES charges (id) ON DELETE CASCADE,
  amount_minor bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (payment_id, charge_id)
);
CREATE INDEX charge_allocations_charge ON charge_allocations (charge_id);

-- What a step charges besides statutory costs and interest.
-- * fee_fixed_minor: a fixed fee per invoice, in the invoice's currency.
-- * fee_basis_points: a fee as a share of the invoice's open principal (1000 = 10%).
-- * interest_basis: 'statutory' uses the statutory table for the debtor's
--   kind (commercial for b2b, consumer for b2c); 'contractual' runs at
--   contractual_interest_basis_points a year.
ALTER TABLE steps
  ADD COLUMN fee_fixed_minor bigint NOT NULL DEFAULT 0 CHECK (fee_fixed_minor >= 0),
  ADD COLUMN fee_basis_points integer NOT NULL DEFAULT 0 CHECK (fee_basis_points BETWEEN 0 AND 10000),
  ADD COLUMN interest_basis text NOT NULL DEFAULT 'statutory'
    CHECK (interest_basis IN ('statutory', 'contractual')),
  ADD COLUMN contractual_interest_basis_points integer
    CHECK (contractual_interest_basis_points BETWEEN 0 AND 10000),
  -- The step is the Dutch consumer letter that announces collection costs
  -- with a 14-day term; a later step charges consumers costs only after it.
  ADD COLUMN is_fourteen_day_letter boolean NOT NULL DEFAULT false,
  ADD CONSTRAINT steps_contractual_interest_rate
    CHECK (interest_basis = 'statutory' OR contractual_interest_basis_points IS NOT NULL);

-- Debtors: collection costs other than the statutory scale agreed in a
-- business contract, as a share of the principal; null applies the scale.
ALTER TABLE debtors
  ADD COLUMN contract_costs_basis_points integer
    CHECK (contract_costs_basis_points BETWEEN 0 AND 10000);

-- Interest rate tables ----------------------------------------------------------
-- The statutory rates per organisation, kept as data an administrator can
-- update. covered_through is the last day the table is known to cover; a
-- calculation past it runs at the last rate and says so.
CREATE TABLE interest_rate_tables (
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('consumer', 'commercial')),
  covered_through date NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, kind)
);

CREATE TABLE interest_rates (
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('consumer', 'commercial')),
  valid_from date NOT NULL,
  basis_points integer NOT NULL CHECK (basis_points BETWEEN 0 AND 10000),
  PRIMARY KEY (organisation_id, kind, valid_from),
  FOREIGN KEY (organisation_id, kind) REFERENCES interest_rate_tables (organisation_id, kind)
    ON DELETE CASCADE
);

-- Payment links -----------------------------------------------------------------
-- A link the debtor opens to pay: per message (the payment_link merge
-- field) or made on the customer card for chosen invoices. The token in
-- the public address is stored as its SHA-256 only. Opening the link
-- creates the provider's payment for the amount still open at that moment.
CREATE TABLE payment_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  debtor_id uuid NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  message_id uuid REFERENCES messages (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  currency char(3) NOT NULL,
  -- The amount asked when the link was made; the provider payment asks what is open then.
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'expired', 'cancelled')),
  expires_on date,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (message_id)
);
CREATE INDEX payment_links_debtor ON payment_links (debtor_id);

CREATE TABLE payment_link_invoices (
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  payment_link_id uuid NOT NULL REFERENCES payment_links (id) ON DELETE CASCADE,
  invoice_id uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  PRIMARY KEY (payment_link_id, invoice_id)
);

-- One payment at the provider (Mollie payment tr_..., Stripe Checkout
-- Session cs_...). Webhooks look it up by provider and id; the payment it
-- books is linked once, so a webhook that arrives twice or out of order
-- allocates nothing twice.
CREATE TABLE provider_payments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  payment_link_id uuid NOT NULL REFERENCES payment_links (id) ON DELETE CASCADE,
  provider text NOT NULL CHECK (provider IN ('mollie', 'stripe')),
  provider_payment_id text NOT NULL CHECK (length(provider_payment_id) BETWEEN 1 AND 255),
  checkout_url text NOT NULL,
  currency char(3) NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  -- The provider's status as last fetched, such as open, paid, failed, expired.
  status text NOT NULL,
  status_checked_at timestamptz,
  payment_id uuid UNIQUE REFERENCES payments (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider, provider_payment_id)
);
CREATE INDEX provider_payments_link ON provider_payments (payment_link_id);

-- Arrangements --------------------------------------------------------------------
-- A payment arrangement: chosen invoices paid in instalments. Requested on
-- the customer card or in the portal, active once a credit manager approves
-- it. Its invoices get no regular reminders while it is active; each
-- instalment gets its own reminder; an instalment unpaid after the grace
-- days breaks it, dunning resumes and a broken promise is recorded.
CREATE TABLE arrangements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  debtor_id uuid NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'requested'
    CHECK (status IN ('requested', 'active', 'completed', 'broken', 'rejected', 'cancelled')),
  source text NOT NULL CHECK (source IN ('card', 'portal', 'api')),
  currency char(3) NOT NULL,
  total_minor bigint NOT NULL CHECK (total_minor > 0),
  instalment_count integer NOT NULL CHECK (instalment_count BETWEEN 2 AND 60),
  frequency text NOT NULL CHECK (frequency IN ('weekly', 'fortnightly', 'monthly', 'quarterly')),
  first_due_date date NOT NULL,
  -- Days before an instalment's due date on which its reminder goes out.
  reminder_days_before integer NOT NULL DEFAULT 3 CHECK (reminder_days_before BETWEEN 0 AND 30),
  note text CHECK (length(note) <= 2000),
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_by text,
  decided_at timestamptz,
  decision_note text CHECK (length(decision_note) <= 2000),
  -- The business date an unpaid instalment broke the arrangement.
  broken_on date,
  completed_on date,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX arrangements_debtor ON arrangements (debtor_id);

CREATE TABLE arrangement_invoices (
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  arrangement_id uuid NOT NULL REFERENCES arrangements (id) ON DELETE CASCADE,
  invoice_id uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  -- The invoice's open amount when the arrangement was made.
  open_minor bigint NOT NULL,
  PRIMARY KEY (arrangement_id, invoice_id)
);
CREATE INDEX arrangement_invoices_invoice ON arrangement_invoices (invoice_id);

CREATE TABLE instalments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  arrangement_id uuid NOT NULL REFERENCES arrangements (id) ON DELETE CASCADE,
  sequence integer NOT NULL CHECK (sequence >= 1),
  due_date date NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'missed')),
  paid_on date,
  -- The reminder message of this instalment, made once.
  reminder_message_id uuid REFERENCES messages (id) ON DELETE SET NULL,
  UNIQUE (arrangement_id, sequence)
);
CREATE INDEX instalments_open_due ON instalments (entity_id, due_date) WHERE status = 'open';

-- Messages that are no dunning step, such as an instalment reminder, have
-- no step; their explanation says what they are.
ALTER TABLE messages
  ALTER COLUMN step_id DROP NOT NULL,
  ADD COLUMN instalment_id uuid REFERENCES instalments (id) ON DELETE SET NULL;

-- Promises ---------------------------------------------------------------------------
-- A promise made by an arrangement's instalment, recorded broken when the
-- arrangement breaks, so it counts in the debtor's payment behaviour. The
-- channel and who took it say where the promise came from.
ALTER TABLE promises
  ADD COLUMN arrangement_id uuid REFERENCES arrangements (id) ON DELETE SET NULL,
  ADD COLUMN channel text NOT NULL DEFAULT 'call'
    CHECK (channel IN ('call', 'email', 'letter', 'portal', 'sms', 'other')),
  ADD COLUMN settled_on date;

-- Call tasks that come from no dunning step: a broken promise or a broken
-- arrangement makes a task to call the debtor.
ALTER TABLE call_tasks
  ALTER COLUMN run_id DROP NOT NULL,
  ALTER COLUMN step_id DROP NOT NULL,
  ADD COLUMN reason text NOT NULL DEFAULT 'step'
    CHECK (reason IN ('step', 'broken_promise', 'broken_arrangement')),
  ADD COLUMN promise_id uuid REFERENCES promises (id) ON DELETE SET NULL,
  ADD COLUMN arrangement_id uuid REFERENCES arrangements (id) ON DELETE SET NULL;
CREATE UNIQUE INDEX call_tasks_one_per_promise ON call_tasks (promise_id)
  WHERE promise_id IS NOT NULL;

-- Permissions ----------------------------------------------------------------------
-- payments.manage: import bank statements, allocate payments, make payment
-- links, approve arrangements and waive charges. Given to the preset
-- groups that already run the operational work.
UPDATE user_groups SET permissions = array_append(permissions, 'payments.manage')
WHERE preset IN ('administrator', 'credit-manager')
  AND NOT ('payments.manage' = ANY (permissions));

-- Row-level security ----------------------------------------------------------------
DO $$
DECLARE
  table_name text;
BEGIN
  FOREACH table_name IN ARRAY ARRAY[
    'entity_bank_accounts', 'bank_statements', 'charges', 'charge_allocations',
    'interest_rate_tables', 'interest_rates', 'payment_links', 'payment_link_invoices',
    'provider_payments', 'arrangements', 'arrangement_invoices', 'instalments'
  ] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', table_name);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I
         USING (organisation_id = nullif(current_setting(''collecta.organisation_id'', true), '''')::uuid)
         WITH CHECK (organisation_id = nullif(current_setting(''collecta.organisation_id'', true), '''')::uuid)',
      table_name);
  END LOOP;

  FOREACH table_name IN ARRAY ARRAY[
    'entity_bank_accounts', 'bank_statements', 'charges', 'payment_links',
    'provider_payments', 'arrangements', 'instalments'
  ] LOOP
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
