import { z } from 'zod';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { requireUuid } from './require-uuid.ts';

const channel = z.enum(['email', 'letter', 'sms', 'call', 'fax', 'handover']);

/**
 * A stored dunning explanation as the API returns it. The parts added after
 * the first explanations were written (step channel, holds, segment,
 * escalation, scope and charges) are optional, so older messages still read.
 */
export const explanationBody = z.object({
  profile: z.string().describe('The profile whose step this is: the stricter one when escalated'),
  step: z.string(),
  dayOffset: z.number().int().describe('Days from the due date at which the step is due'),
  asOf: z.string().describe('Run date, YYYY-MM-DD'),
  currency: z.string(),
  channel,
  stepChannel: channel.optional(),
  total: z.string().describe('Net amount requested, as a decimal string'),
  invoices: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      kind: z.enum(['invoice', 'credit_note']),
      dueDate: z.string(),
      daysPastDue: z.number().int(),
      amount: z.string(),
      open: z.string(),
    }),
  ),
  onHold: z
    .array(z.object({ number: z.string(), open: z.string(), holdReason: z.string() }))
    .optional(),
  reason: z.string().describe('The whole explanation in English sentences'),
  segment: z
    .object({
      name: z.string().nullable(),
      basis: z.enum(['pinned', 'manual', 'rule', 'default']),
      reason: z.string().nullable().describe('The logged reason of the latest segment change'),
    })
    .optional(),
  escalation: z
    .object({
      originalProfile: z.string(),
      brokenPromises: z.number().int(),
      threshold: z.number().int(),
    })
    .optional()
    .describe('Present when the stricter profile replaced the segment profile'),
  scope: z.enum(['debtor', 'invoice']).optional(),
  addsCollectionCosts: z.boolean().optional(),
  addsInterest: z.boolean().optional(),
});

export type ExplanationBody = z.infer<typeof explanationBody>;

/**
 * Reads why the dunning run made a message: the explanation stored with it.
 * Throws not_found for an unknown id, and a server error when the stored
 * explanation does not have the expected form.
 */
export async function getMessageExplanation(
  executor: Executor,
  params: { messageId: string },
): Promise<ExplanationBody> {
  const id = requireUuid(params.messageId, 'Message');
  const row = await executor
    .selectFrom('messages')
    .select('explanation')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) {
    throw new AppError('not_found', `Message ${id} does not exist.`);
  }
  const parsed = explanationBody.safeParse(row.explanation);
  if (!parsed.success) {
    throw new Error(
      `Message ${id} has a stored explanation of an unknown form: ${parsed.error.message}`,
    );
  }

  return parsed.data;
}
