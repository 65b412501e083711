-- Purpose: debtor bank accounts. The IBANs a debtor pays from, so that a
-- bank payment without a payment reference or invoice number is matched by
-- its amount and the counterparty IBAN.

-- The composite key lets debtor_bank_accounts require that its entity_id is
-- the entity of its debtor.
ALTER TABLE debtors ADD CONSTRAINT debtors_id_entity_id_key UNIQUE (id, entity_id);

-- One bank account of a debtor.
-- * iban: electronic form (upper case, no spaces); the application checks
--   the ISO 13616 check digits before it stores one.
-- * source: 'import' from the import file, 'user' added on the customer
--   card, 'learned' from a bank payment that a payment reference or invoice
--   numbers matched to the debtor (learned_from_payment_id).
-- * created_by: user id, "cli:<os user>" or "system:<job>".
-- An IBAN may belong to several debtors of one entity (a parent company
-- paying for its subsidiaries); matching by amount then skips it.
CREATE TABLE debtor_bank_accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL,
  debtor_id uuid NOT NULL,
  iban text NOT NULL CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
  bic text CHECK (bic ~ '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$'),
  account_holder_name text CHECK (length(account_holder_name) BETWEEN 1 AND 140),
  source text NOT NULL CHECK (source IN ('import', 'user', 'learned')),
  learned_from_payment_id uuid REFERENCES payments (id) ON DELETE SET NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (debtor_id, iban),
  FOREIGN KEY (debtor_id, entity_id) REFERENCES debtors (id, entity_id) ON DELETE CASCADE
);
CREATE INDEX debtor_bank_accounts_iban ON debtor_bank_accounts (entity_id, iban);

-- Until now matching by amount looked the IBAN up in the earlier payments
-- that were matched to a debtor. Those IBANs become learned accounts, so
-- the lookup keeps finding them. An IBAN that fails its mod-97 check
-- (ISO 13616: the first four characters moved to the end, letters as
-- 10 to 35) is left out.
INSERT INTO debtor_bank_accounts (
  organisation_id, entity_id, debtor_id, iban, source, learned_from_payment_id, created_by
)
SELECT DISTINCT ON (p.debtor_id, p.counterparty_iban)
  p.organisation_id, d.entity_id, p.debtor_id, p.counterparty_iban, 'learned', p.id,
  'system:migration'
FROM payments p
JOIN debtors d ON d.id = p.debtor_id AND d.entity_id = p.entity_id
WHERE p.counterparty_iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'
  AND (
    SELECT string_agg(
      CASE WHEN symbol ~ '[A-Z]' THEN (ascii(symbol) - 55)::text ELSE symbol END,
      '' ORDER BY place)
    FROM regexp_split_to_table(
      substr(p.counterparty_iban, 5) || substr(p.counterparty_iban, 1, 4), ''
    ) WITH ORDINALITY AS symbols (symbol, place)
  )::numeric % 97 = 1
ORDER BY p.debtor_id, p.counterparty_iban, p.payment_date, p.id;

ALTER TABLE debtor_bank_accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON debtor_bank_accounts
  USING (organisation_id = nullif(current_setting('collecta.organisation_id', true), '')::uuid)
  WITH CHECK (organisation_id = nullif(current_setting('collecta.organisation_id', true), '')::uuid);
CREATE POLICY entity_scope ON debtor_bank_accounts AS RESTRICTIVE
  USING (coalesce(current_setting('collecta.entity_ids', true), '') = ''
         OR entity_id = ANY (string_to_array(current_setting('collecta.entity_ids', true), ',')::uuid[]))
  WITH CHECK (coalesce(current_setting('collecta.entity_ids', true), '') = ''
         OR entity_id = ANY (string_to_array(current_setting('collecta.entity_ids', true), ',')::uuid[]));
