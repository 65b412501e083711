/**
 * The permissions a user group or an API key can hold, and the preset
 * groups every organisation starts with. A route names the one permission
 * it needs; the server checks it before the handler runs.
 */
export const PERMISSIONS = {
  'settings.read': 'See the organisation, its entities, channels and dunning set-up',
  'settings.manage': 'Change the organisation, entities, channels, dunning set-up; go live',
  'users.read': 'See users, user groups and departments',
  'users.manage': 'Invite and change users, user groups, departments and API keys',
  'audit.read': 'Search the audit log',
  'debtors.read': 'See debtors, their invoices, payments and history',
  'debtors.manage': 'Change debtors and invoices, such as holds',
  'imports.manage': 'Import receivables',
  'dunning.read': 'See dunning runs, message batches and the call list',
  'dunning.manage': 'Start dunning runs and remove messages from a batch',
  'batches.approve': 'Approve message batches for sending',
  'calls.manage': 'Record call outcomes and promises to pay',
  'payments.manage':
    'Import bank statements, allocate payments, make payment links, approve arrangements, waive charges',
  'reports.read': 'See reports',
  'issues.read': 'See issues and the customer cards of debtors with issues',
  'issues.manage': 'Open, assign and resolve issues',
} as const;

export type Permission = keyof typeof PERMISSIONS;

export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value);
}

/** Screens a user group can open after login, by the key the web app uses for each. */
export const START_SCREENS = ['home', 'debtors', 'batches', 'issues', 'reports', 'setup'] as const;

export type StartScreen = (typeof START_SCREENS)[number];

export interface PresetGroup {
  slug: string;
  name: string;
  permissions: readonly Permission[];
  startScreen: StartScreen;
}

const readPermissions = PERMISSION_NAMES.filter((permission) => permission.endsWith('.read'));

/**
 * The groups seeded into every organisation. Administrators may change them
 * or copy them into groups of their own.
 *
 * A dispute handler has no debtors.read: with issues.read alone, a user sees
 * the customer cards of debtors that have an issue, and a user limited to a
 * department only those with an issue of that department.
 */
export const PRESET_GROUPS: readonly PresetGroup[] = [
  {
    slug: 'administrator',
    name: 'Administrator',
    permissions: PERMISSION_NAMES,
    startScreen: 'home',
  },
  {
    slug: 'credit-manager',
    name: 'Credit manager',
    permissions: [
      'settings.read',
      'debtors.read',
      'debtors.manage',
      'imports.manage',
      'dunning.read',
      'dunning.manage',
      'batches.approve',
      'calls.manage',
      'payments.manage',
      'reports.read',
      'issues.read',
      'issues.manage',
    ],
    startScreen: 'home',
  },
  {
    slug: 'dispute-handler',
    name: 'Dispute handler',
    permissions: ['issues.read', 'issues.manage'],
    startScreen: 'issues',
  },
  {
    slug: 'manager',
    name: 'Manager',
    permissions: ['reports.read', 'issues.read', 'issues.manage'],
    // The start screen lists the escalated issues, which managers follow up.
    startScreen: 'home',
  },
  {
    slug: 'auditor',
    name: 'Auditor',
    permissions: readPermissions,
    startScreen: 'reports',
  },
];

export const PRESET_GROUP_SLUGS = PRESET_GROUPS.map((group) => group.slug);

/** Departments seeded into every organisation; administrators may add more. */
export const PRESET_DEPARTMENTS = [
  'Sales',
  'Customer Service',
  'Distribution',
  'Production',
] as const;
