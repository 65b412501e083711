import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addDebtorBankAccount,
  listDebtorBankAccounts,
  MAX_ACCOUNT_HOLDER_NAME_LENGTH,
  removeDebtorBankAccount,
} from '../../debtors/bank-accounts/debtor-bank-accounts.ts';
import { auditContextOf } from '../../provisioning/audit-context.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';

const bankAccountBody = z.object({
  id: z.uuid(),
  iban: z.string().describe('Electronic form: upper case, no spaces'),
  bic: z.string().nullable(),
  accountHolderName: z.string().nullable(),
  source: z
    .enum(['import', 'user', 'learned'])
    .describe(
      'import: from the import file; user: added on the customer card; learned: from a bank payment matched by payment reference or invoice number',
    ),
  createdBy: z.string(),
  createdAt: z.string().describe('ISO 8601'),
  sharedWith: z
    .array(z.object({ id: z.uuid(), number: z.string(), name: z.string() }))
    .describe(
      'Other debtors of the entity with this IBAN; while there are any, it matches no payment by amount',
    ),
});

const newBankAccount = z.object({
  iban: z.string().min(1).max(50).describe('IBAN, with or without spaces'),
  bic: z.string().max(20).optional().describe('BIC of 8 or 11 characters'),
  accountHolderName: z.string().max(MAX_ACCOUNT_HOLDER_NAME_LENGTH).optional(),
});

/** GET, POST and DELETE /api/debtors/:id/bank-accounts: the IBANs a debtor pays from. */
export const debtorBankAccountRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/debtors/:id/bank-accounts',
    {
      config: { access: 'debtors.read' },
      schema: {
        summary: "A debtor's bank accounts, which match bank payments by amount and IBAN",
        tags: ['debtors'],
        params: idParams,
        response: { 200: z.array(bankAccountBody), ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, (trx) => listDebtorBankAccounts(trx, { debtorId: request.params.id })),
  );

  app.post(
    '/api/debtors/:id/bank-accounts',
    {
      config: { access: 'debtors.manage' },
      schema: {
        summary: 'Add a bank account to a debtor',
        description:
          'The IBAN must pass its check digits. An IBAN the debtor has already returns 409 already_exists.',
        tags: ['debtors'],
        params: idParams,
        body: newBankAccount,
        response: { 201: bankAccountBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const account = await withTenant(request, (trx, principal) =>
        addDebtorBankAccount(trx, auditContextOf(principal), {
          debtorId: request.params.id,
          input: request.body,
        }),
      );

      return reply.code(201).send(account);
    },
  );

  app.delete(
    '/api/debtors/:id/bank-accounts/:accountId',
    {
      config: { access: 'debtors.manage' },
      schema: {
        summary: 'Remove a bank account from a debtor',
        description:
          'A learned IBAN is learned again when a later payment from it is matched by payment reference or invoice number.',
        tags: ['debtors'],
        params: z.object({ id: z.uuid(), accountId: z.uuid() }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await withTenant(request, (trx, principal) =>
        removeDebtorBankAccount(trx, auditContextOf(principal), {
          debtorId: request.params.id,
          accountId: request.params.accountId,
        }),
      );

      return reply.code(204).send(null);
    },
  );
};
