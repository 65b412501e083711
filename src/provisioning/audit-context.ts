import type { Principal } from '../access/principal.ts';

/** The organisation and the acting user or API key, as the set-up functions pass them to recordAudit. */
export interface AuditContext {
  organisationId: string;
  actor: string;
}

/** Returns only the organisation and actor of a principal, so that nothing else reaches the audit log. */
export function auditContextOf(principal: Principal): AuditContext {
  return { organisationId: principal.organisationId, actor: principal.actor };
}
