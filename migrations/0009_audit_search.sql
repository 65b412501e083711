-- Purpose: fast audit-log search. The search lists an organisation's events
-- newest first and pages by (occurred_at, id); this index lets each page
-- read only its own rows instead of sorting the organisation's whole log.
CREATE INDEX audit_events_recent ON audit_events (organisation_id, occurred_at DESC, id DESC);
