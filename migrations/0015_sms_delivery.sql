-- SMS as a sending channel: the provider's message id, the number of
-- segments billed, and the delivery status that the provider's status
-- callbacks report; plus the mobile numbers that a failed delivery marked
-- unusable, so that later steps of that debtor go out as letters.

ALTER TABLE messages
  -- The id the SMS provider gave the message, such as a Twilio "SM..." sid.
  ADD COLUMN provider_message_id text CHECK (length(provider_message_id) <= 100),
  -- Segments the text was split into (GSM-7: 160, or 153 per part; UCS-2: 70, or 67 per part).
  ADD COLUMN segments integer CHECK (segments IS NULL OR segments >= 1),
  -- The provider's latest delivery status, such as queued, sent, delivered, undelivered or failed.
  ADD COLUMN delivery_status text CHECK (delivery_status ~ '^[a-z_]{1,30}$'),
  ADD COLUMN delivered_at timestamptz;

CREATE UNIQUE INDEX messages_provider_message_id
  ON messages (organisation_id, provider_message_id) WHERE provider_message_id IS NOT NULL;

CREATE TABLE invalid_mobile_numbers (
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  debtor_id uuid NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  -- The number exactly as the message was addressed to it.
  number text NOT NULL CHECK (length(number) <= 50),
  -- The message whose delivery failed, and the provider's error code.
  message_id uuid REFERENCES messages (id) ON DELETE SET NULL,
  error_code text CHECK (length(error_code) <= 20),
  flagged_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (debtor_id, number)
);

ALTER TABLE invalid_mobile_numbers ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invalid_mobile_numbers
  USING (organisation_id = nullif(current_setting('collecta.organisation_id', true), '')::uuid)
  WITH CHECK (organisation_id = nullif(current_setting('collecta.organisation_id', true), '')::uuid);
CREATE POLICY entity_scope ON invalid_mobile_numbers AS RESTRICTIVE
  USING (coalesce(current_setting('collecta.entity_ids', true), '') = ''
         OR entity_id = ANY (string_to_array(current_setting('collecta.entity_ids', true), ',')::uuid[]))
  WITH CHECK (coalesce(current_setting('collecta.entity_ids', true), '') = ''
         OR entity_id = ANY (string_to_array(current_setting('collecta.entity_ids', true), ',')::uuid[]));
