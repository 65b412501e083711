import type { Permission } from '../api/types.ts';

/**
 * Permissions that each screen needs, by path prefix: a user with at least
 * one of them may open the screen. The first matching prefix applies, so
 * longer prefixes come first. A path without an entry (home, own account) is
 * open to every signed-in user.
 */
const screenPermissions: ReadonlyArray<{ prefix: string; anyOf: readonly Permission[] }> = [
  // A dispute handler opens the customer card of a debtor with an issue without debtors.read.
  { prefix: '/debtors/', anyOf: ['debtors.read', 'issues.read'] },
  { prefix: '/debtors', anyOf: ['debtors.read'] },
  { prefix: '/batches', anyOf: ['dunning.read'] },
  { prefix: '/call-list', anyOf: ['dunning.read'] },
  { prefix: '/forecast', anyOf: ['dunning.read'] },
  { prefix: '/calculator', anyOf: ['debtors.read'] },
  { prefix: '/reports', anyOf: ['reports.read'] },
  { prefix: '/issues', anyOf: ['issues.read'] },
  { prefix: '/payments/import', anyOf: ['payments.manage'] },
  { prefix: '/payments', anyOf: ['debtors.read'] },
  { prefix: '/admin/audit-log', anyOf: ['audit.read'] },
  { prefix: '/admin', anyOf: ['users.read'] },
  { prefix: '/entities', anyOf: ['settings.read'] },
  // The template preview renders messages, as the batch preview does.
  { prefix: '/settings/templates', anyOf: ['dunning.read'] },
  { prefix: '/settings', anyOf: ['settings.read'] },
  { prefix: '/setup', anyOf: ['settings.read'] },
];

/** Returns the permissions of which the user needs one to open `pathname`; empty for none. */
export function requiredPermissions(pathname: string): readonly Permission[] {
  const entry = screenPermissions.find((candidate) =>
    candidate.prefix.endsWith('/')
      ? pathname.startsWith(candidate.prefix)
      : pathname === candidate.prefix || pathname.startsWith(`${candidate.prefix}/`),
  );

  return entry?.anyOf ?? [];
}

/** The path of each start screen a user group can have (the server's START_SCREENS). */
export const startScreenPaths: Readonly<Record<string, string>> = {
  home: '/home',
  debtors: '/debtors',
  batches: '/batches',
  issues: '/issues',
  reports: '/reports/ageing',
  setup: '/setup',
};

/** Path of the screen a user opens when their start screen is not built or not open to them. */
export const fallbackStartPath = '/debtors';
