import { z } from 'zod';
import { currencyCode, decimalAmount, plainDate } from '../schemas.ts';

/** Response bodies of the issue routes, shared by the list, the detail and the change routes. */

const issueStatus = z.enum(['new', 'in_progress', 'waiting_for_debtor', 'resolved', 'rejected']);

export const issueOutcome = z.enum(['favour_debtor', 'favour_creditor', 'partly']);

const localizedNames = z
  .record(z.string(), z.string())
  .describe('Names by language code, such as {"nl": "Prijsverschil"}');

const namedActor = z.object({
  actor: z.string().describe('User id, "apikey:<key id>" or "system"'),
  name: z.string().describe('The user\'s name, "API key <name>", or the actor itself'),
});

const categorySummary = z.object({
  id: z.uuid(),
  name: z.string(),
  names: localizedNames,
  processName: z.string(),
  pausesDunning: z.boolean(),
});

export const issueSummaryBody = z.object({
  id: z.uuid(),
  number: z.number().int().describe('Number shown to people, counted per organisation'),
  entityCode: z.string(),
  status: issueStatus,
  source: z.enum(['user', 'portal', 'api']),
  debtor: z.object({ id: z.uuid(), number: z.string(), name: z.string() }),
  category: categorySummary,
  department: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  assignee: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  description: z.string(),
  deadline: plainDate,
  openedOn: plainDate.describe("Registration date in the entity's time zone"),
  openedAt: z.string().describe('ISO 8601 timestamp'),
  openedBy: namedActor,
  closedOn: plainDate.nullable(),
  overdue: z.boolean().describe("Open and past its deadline on the entity's today"),
  escalated: z.boolean(),
  wholeDebtor: z
    .boolean()
    .describe('The issue concerns every invoice of the debtor, also those imported later'),
  invoiceCount: z
    .number()
    .int()
    .describe('Linked invoices, or the open invoices of the debtor for a whole-debtor issue'),
  currency: currencyCode.describe('The entity currency'),
  openTotal: decimalAmount.describe(
    "Open amount of the issue's invoices in the entity currency on the entity's today",
  ),
});

export const issueNoteBody = z.object({
  id: z.uuid(),
  body: z.string(),
  sharedWithDebtor: z.boolean(),
  createdBy: namedActor,
  createdAt: z.string(),
});

export const issueAttachmentBody = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  createdBy: namedActor,
  createdAt: z.string(),
});

export const issueDetailBody = issueSummaryBody.extend({
  category: categorySummary.extend({
    daysToResolve: z.number().int(),
    dayKind: z.enum(['calendar', 'working']),
    resumeAfterDays: z.number().int(),
  }),
  outcome: issueOutcome.nullable(),
  creditNoteExpected: z.boolean(),
  resolution: z.string(),
  resumesOn: plainDate
    .nullable()
    .describe(
      "Closing date plus the category's resume days: dunning of the invoices resumes on it",
    ),
  invoices: z.array(
    z.object({
      id: z.uuid(),
      number: z.string(),
      invoiceDate: plainDate,
      dueDate: plainDate,
      currency: currencyCode,
      amount: decimalAmount,
      open: decimalAmount,
    }),
  ),
  notes: z.array(issueNoteBody),
  attachments: z.array(issueAttachmentBody),
  history: z.array(
    z.object({
      id: z.uuid(),
      kind: z.string(),
      actor: namedActor,
      details: z
        .record(z.string(), z.unknown())
        .describe('The changed values as {before, after}, in camelCase'),
      createdAt: z.string(),
    }),
  ),
});

export const issueCategoryBody = z.object({
  id: z.uuid(),
  processId: z.uuid(),
  processName: z.string(),
  processNames: localizedNames,
  name: z.string(),
  names: localizedNames,
  pausesDunning: z.boolean(),
  daysToResolve: z.number().int(),
  dayKind: z.enum(['calendar', 'working']),
  departmentId: z.uuid().nullable(),
  assigneeUserId: z.uuid().nullable(),
  portalSelectable: z.boolean(),
});

export const issueAssigneesBody = z.object({
  departments: z.array(z.object({ id: z.uuid(), name: z.string() })),
  users: z.array(z.object({ id: z.uuid(), name: z.string(), departmentId: z.uuid().nullable() })),
});
