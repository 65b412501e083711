-- Purpose: the customer portal, where a debtor sees its invoices with their
-- costs and interest, pays them and requests a payment arrangement. A
-- reminder carries the debtor's portal link; the link's token is derived
-- from the debtor and never stored, and opening it starts a short portal
-- session limited to that one debtor.

-- The version in each debtor's portal token. Raising it revokes the link in
-- every reminder sent so far and ends the debtor's open portal sessions.
ALTER TABLE debtors
  ADD COLUMN portal_version integer NOT NULL DEFAULT 1 CHECK (portal_version >= 1);

-- The key of the HMAC that derives portal tokens: 32 random bytes in
-- base64url, one per organisation, made the first time a link is rendered.
CREATE TABLE portal_secrets (
  organisation_id uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
  secret text NOT NULL CHECK (secret ~ '^[A-Za-z0-9_-]{43}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A debtor's portal session, started by opening its portal link. Only the
-- SHA-256 of the session token is stored. The session ends at expires_at,
-- or earlier when the debtor's portal_version moves past portal_version.
CREATE TABLE portal_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  debtor_id uuid NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  portal_version integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX portal_sessions_debtor ON portal_sessions (debtor_id);

-- Row-level security ----------------------------------------------------------------
DO $$
DECLARE
  table_name text;
BEGIN
  FOREACH table_name IN ARRAY ARRAY['portal_secrets', 'portal_sessions'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', table_name);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I
         USING (organisation_id = nullif(current_setting(''collecta.organisation_id'', true), '''')::uuid)
         WITH CHECK (organisation_id = nullif(current_setting(''collecta.organisation_id'', true), '''')::uuid)',
      table_name);
  END LOOP;

  EXECUTE
    'CREATE POLICY entity_scope ON portal_sessions AS RESTRICTIVE
       USING (coalesce(current_setting(''collecta.entity_ids'', true), '''') = ''''
              OR entity_id = ANY (string_to_array(current_setting(''collecta.entity_ids'', true), '','')::uuid[]))
       WITH CHECK (coalesce(current_setting(''collecta.entity_ids'', true), '''') = ''''
              OR entity_id = ANY (string_to_array(current_setting(''collecta.entity_ids'', true), '','')::uuid[]))';
END
$$;
