import { z } from 'zod';
import { plainDate } from '../schemas.ts';

/** An import hold code that applies on the as-of date. */
export const codeHoldBody = z.object({
  reason: z.string().describe('The hold code or reason from the import'),
  until: plainDate.nullable().describe('Last day of the hold; null when it has no end'),
});

/** An issue that keeps an invoice out of dunning on the as-of date. */
export const issueHoldBody = z.object({
  issueId: z.uuid(),
  issueNumber: z.number().int(),
  categoryName: z.string(),
  categoryNames: z
    .record(z.string(), z.string())
    .describe('Category names by language code; categoryName applies where a language has none'),
  status: z
    .enum(['open', 'resuming'])
    .describe('open: the issue is open; resuming: it closed and the resume delay runs'),
  closedAs: z.enum(['resolved', 'rejected']).nullable(),
  closedOn: plainDate.nullable(),
  resumesOn: plainDate
    .nullable()
    .describe('First date dunning may remind the invoice again; null while the issue is open'),
});
