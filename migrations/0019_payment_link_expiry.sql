-- Purpose: payment links that expire, and refunds and chargebacks of
-- payments taken through a payment link.

-- Entities ------------------------------------------------------------------
-- * payment_link_expiry_days: days that a payment link made on the customer
--   card keeps working, counted from the day it is made.
-- * message_payment_link_expiry_days: days that the payment link of a
--   dunning message keeps working, counted from the day the message is
--   made; null keeps it working for as long as its invoices are open.
-- Links made before this migration keep no expiry.
ALTER TABLE entities
  ADD COLUMN payment_link_expiry_days integer NOT NULL DEFAULT 30
    CHECK (payment_link_expiry_days BETWEEN 1 AND 365),
  ADD COLUMN message_payment_link_expiry_days integer
    CHECK (message_payment_link_expiry_days BETWEEN 1 AND 365);

-- Provider payments ---------------------------------------------------------
-- The Stripe PaymentIntent (pi_...) of a paid Checkout Session. Stripe's
-- refund and dispute events name the charge's PaymentIntent, not the session.
ALTER TABLE provider_payments
  ADD COLUMN payment_intent_id text CHECK (length(payment_intent_id) BETWEEN 1 AND 255);
CREATE UNIQUE INDEX provider_payments_payment_intent ON provider_payments (payment_intent_id)
  WHERE payment_intent_id IS NOT NULL;

-- A refund or chargeback of a provider payment is booked as a payment with a
-- negative amount: source 'provider', external_key the provider's refund or
-- chargeback id (Mollie re_... and chb_..., Stripe re_... and dp_...),
-- booking_kind 'return' for a refund and 'reversal' for a chargeback, and
-- reverses_payment_id the payment it takes back. The unique key (entity_id,
-- source, external_key) books each one once.
CREATE INDEX payments_reverses ON payments (reverses_payment_id)
  WHERE reverses_payment_id IS NOT NULL;
