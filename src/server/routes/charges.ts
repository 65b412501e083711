import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listDebtorCharges } from '../../charges/list-charges.ts';
import { MAX_WAIVE_REASON_LENGTH, waiveCharge } from '../../charges/waive-charge.ts';
import { currencyCode, decimalAmount, errorResponses, idParams, plainDate } from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';

const chargeKind = z.enum(['collection_costs', 'interest', 'fee']);

const listedCharge = z.object({
  id: z.uuid(),
  kind: chargeKind,
  step: z.string().nullable().describe('The step that charged it'),
  chargedOn: plainDate,
  amount: decimalAmount.describe('Amount owed, VAT included'),
  vat: decimalAmount,
  paid: decimalAmount.describe('Settled by payments'),
  open: decimalAmount.describe('Still owed; 0 once waived'),
  waived: z.object({ at: z.string(), by: z.string(), reason: z.string().nullable() }).nullable(),
  calculation: z
    .record(z.string(), z.unknown())
    .describe('How the amount was found: the base, scale or rate, and interest periods'),
});

const chargedInvoice = z.object({
  invoiceId: z.uuid(),
  number: z.string(),
  dueDate: plainDate,
  currency: currencyCode,
  principalOpen: decimalAmount,
  costsOpen: decimalAmount,
  interestOpen: decimalAmount,
  feesOpen: decimalAmount,
  totalOpen: decimalAmount,
  charges: z.array(listedCharge),
});

/** GET /api/debtors/:id/charges and POST /api/charges/:id/waive. */
export const chargeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/debtors/:id/charges',
    {
      config: { access: 'debtors.read' },
      schema: {
        summary: "List a debtor's collection costs, interest and fees per invoice",
        description:
          'Invoices with something open or with a charge, with what is open of the principal and of each kind of charge, and the totals per currency.',
        tags: ['debtors'],
        params: idParams,
        response: {
          200: z.object({
            debtorId: z.uuid(),
            invoices: z.array(chargedInvoice),
            totals: z.array(
              z.object({
                currency: currencyCode,
                principalOpen: decimalAmount,
                chargesOpen: decimalAmount,
                totalOpen: decimalAmount,
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      withTenant(request, (trx, principal) =>
        listDebtorCharges(trx, {
          organisationId: principal.organisationId,
          debtorId: request.params.id,
        }),
      ),
  );

  app.post(
    '/api/charges/:id/waive',
    {
      config: { access: 'payments.manage' },
      schema: {
        summary: 'Waive a charge, so the debtor owes it no more',
        description:
          'The charge keeps its row with who waived it and why; payments that settled part of it stay allocated. Waiving a charge twice returns 409.',
        tags: ['payments'],
        params: idParams,
        body: z.object({ reason: z.string().min(1).max(MAX_WAIVE_REASON_LENGTH) }),
        response: {
          200: z.object({
            chargeId: z.uuid(),
            kind: chargeKind,
            invoiceId: z.uuid(),
            waivedAt: z.string(),
            waivedBy: z.string(),
            reason: z.string(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      withTenant(request, (trx, principal) =>
        waiveCharge(trx, {
          organisationId: principal.organisationId,
          chargeId: request.params.id,
          reason: request.body.reason,
          actor: principal.actor,
        }),
      ),
  );
};
