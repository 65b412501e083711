-- Purpose: the sending rules of an entity.
-- * shift_due_dates_to_working_day: a due date on a day that is not a sending
--   day (weekend, public holiday, closing day) counts as the next sending
--   day, so days past due are counted from that day. On by default.
-- * max_contacts_per_week: the most messages and call tasks a debtor gets in
--   any 7 days, across all channels and the entities of the organisation that
--   know the debtor by the same chamber of commerce or VAT number. Null means
--   no limit. Default 2.
-- * sending_window_start / sending_window_end: the local hours, HH:MM in the
--   entity's time zone, in which approved e-mails and SMS messages are sent.
--   Both null (the default) means any hour; the start must be before the end.

ALTER TABLE entities
  ADD COLUMN shift_due_dates_to_working_day boolean NOT NULL DEFAULT true,
  ADD COLUMN max_contacts_per_week integer DEFAULT 2
    CHECK (max_contacts_per_week IS NULL OR max_contacts_per_week BETWEEN 1 AND 50),
  ADD COLUMN sending_window_start text
    CHECK (sending_window_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  ADD COLUMN sending_window_end text
    CHECK (sending_window_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$'),
  ADD CONSTRAINT entities_sending_window_complete
    CHECK ((sending_window_start IS NULL) = (sending_window_end IS NULL)),
  ADD CONSTRAINT entities_sending_window_order
    CHECK (sending_window_start < sending_window_end);

-- The weekly contact count finds the debtors of other entities by their
-- registration numbers.
CREATE INDEX debtors_coc_number ON debtors (organisation_id, coc_number)
  WHERE coc_number IS NOT NULL;
CREATE INDEX debtors_vat_number ON debtors (organisation_id, vat_number)
  WHERE vat_number IS NOT NULL;
