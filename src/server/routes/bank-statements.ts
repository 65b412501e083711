import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { bookStatementFile } from '../../statements/book-statement-file.ts';
import { getBankStatement } from '../../statements/get-bank-statement.ts';
import { listBankStatements } from '../../statements/list-bank-statements.ts';
import {
  currencyCode,
  decimalAmount,
  entityCodeQuery,
  errorResponses,
  idParams,
  messageDetail,
  plainDate,
} from '../schemas.ts';
import { requirePrincipal, withTenant } from '../tenant-scope.ts';
import { entityIdForCode } from './entity-lookup.ts';

const importFields = z.object({
  entityId: z.uuid().describe('The entity whose bank account the statements are of'),
  anyAccount: z
    .enum(['true', 'false'])
    .default('false')
    .describe('"true" also books statements of accounts that are not the entity’s'),
});

const importResponse = z.object({
  statements: z.number().int().describe('Statements in the file'),
  transactions: z
    .number()
    .int()
    .describe('Booked transactions (each of a batch booking): matched + unmatched + duplicates'),
  matched: z
    .number()
    .int()
    .describe(
      'New bookings that need no work: receipts allocated in full, reversals and returns that undid their receipt, other money out (dismissed)',
    ),
  unmatched: z.number().int().describe('New bookings that wait in the queue of unmatched payments'),
  duplicates: z.number().int().describe('Transactions that an earlier import booked already'),
  statementIds: z.array(z.uuid()).describe('The statements of the file, in file order'),
});

const statementItem = z.object({
  id: z.uuid(),
  entityId: z.uuid(),
  entityCode: z.string(),
  fileName: z.string(),
  format: z.enum(['camt.053', 'camt.054', 'mt940']),
  formatVersion: z.string().nullable().describe('camt message version, such as "001.02"'),
  identification: z.string().describe('camt Stmt/Id or Ntfctn/Id, MT940 :20:'),
  sequenceNumber: z.string().nullable(),
  accountIdentification: z.string().describe('The account as the bank wrote it'),
  accountIban: z.string().nullable(),
  currency: currencyCode.nullable(),
  openingBalance: decimalAmount.nullable(),
  openingBalanceDate: plainDate.nullable(),
  closingBalance: decimalAmount.nullable(),
  closingBalanceDate: plainDate.nullable(),
  transactionCount: z.number().int().describe('Booked transactions of the statement'),
  unmatchedCount: z
    .number()
    .int()
    .describe('Transactions of the statement that wait in the queue of unmatched payments'),
  warnings: z.array(z.string()).describe('Problems that did not stop the import'),
  warningDetails: z.array(messageDetail).describe('The warnings with their message keys'),
  importedBy: z.string().describe('User id, "apikey:<key id>" or "cli:<os user>"'),
  importedAt: z.string().describe('ISO 8601 timestamp'),
});

const statementTransaction = z.object({
  paymentId: z.uuid(),
  paymentDate: plainDate.describe('Booking date'),
  valueDate: plainDate.nullable(),
  amount: decimalAmount.describe('Negative for money going out'),
  currency: currencyCode,
  bookingKind: z.enum(['receipt', 'reversal', 'return', 'other_debit']),
  counterpartyName: z.string().nullable(),
  counterpartyIban: z.string().nullable(),
  remittanceText: z.string().nullable(),
  endToEndId: z.string().nullable(),
  bankReference: z.string().nullable(),
  returnReasonCode: z.string().nullable().describe('ISO return reason, such as MS03'),
  matchState: z
    .enum(['matched', 'partial', 'unmatched', 'dismissed'])
    .describe(
      'matched: nothing left to allocate; partial: a remainder waits in the queue; unmatched: the whole amount waits; dismissed: taken off the queue',
    ),
  matchMethod: z
    .enum(['reference', 'invoice_number', 'amount_iban', 'manual', 'provider', 'import'])
    .nullable(),
  allocated: decimalAmount.describe('Negative on a reversal that undid allocations'),
  remainder: decimalAmount,
  debtorId: z.uuid().nullable(),
  reversesPaymentId: z.uuid().nullable().describe('The receipt a reversal or return takes back'),
  dismissReason: z.string().nullable(),
  warnings: z.array(z.string()),
  warningDetails: z.array(messageDetail),
  allocations: z.array(
    z.object({ invoiceId: z.uuid(), invoiceNumber: z.string(), amount: decimalAmount }),
  ),
});

/** Maximum number of statements in one list response; the `limit` parameter may lower it. */
const MAX_STATEMENTS = 500;

/**
 * Bank statements: importing a camt.053, camt.054 or MT940 file, which
 * books and matches its payments, and the imported statements with the
 * match state of each transaction.
 */
export const bankStatementRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/bank-statements',
    {
      config: { access: 'payments.manage' },
      schema: {
        summary: 'Import a bank statement file and match its payments, all or nothing',
        description:
          'multipart/form-data with the fields entityId, anyAccount ("true" or "false") and file. An unreadable file, an interim report (camt.052, MT942) or a statement of an account that is not the entity’s gives 422 import_rejected, and nothing is booked. Importing a statement again books nothing twice.',
        tags: ['payments'],
        consumes: ['multipart/form-data'],
        response: { 200: importResponse, ...errorResponses },
      },
    },
    async (request) => {
      const upload = await readStatementUpload(request);
      const result = await withTenant(request, (trx, principal) =>
        bookStatementFile(
          trx,
          {
            organisationId: principal.organisationId,
            entityId: upload.fields.entityId,
            fileName: upload.fileName,
            content: upload.content,
            anyAccount: upload.fields.anyAccount === 'true',
            anyAccountHint: 'anyAccount "true"',
          },
          principal.actor,
        ),
      );
      const { statementIds, ...counts } = result;
      request.log.info(
        {
          organisationId: requirePrincipal(request).organisationId,
          entityId: upload.fields.entityId,
          statementIds,
          ...counts,
        },
        'bank statement imported',
      );

      return result;
    },
  );

  app.get(
    '/api/bank-statements',
    {
      config: { access: 'debtors.read' },
      schema: {
        summary: 'List imported bank statements, newest import first',
        tags: ['payments'],
        querystring: z.object({
          entity: entityCodeQuery.optional(),
          limit: z.coerce
            .number()
            .int()
            .min(1)
            .max(MAX_STATEMENTS)
            .default(100)
            .describe(`Maximum statements to return, 1 to ${MAX_STATEMENTS}; default 100`),
        }),
        response: { 200: z.array(statementItem), ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, async (trx, principal) =>
        listBankStatements(trx, {
          entityId: await entityIdForCode(trx, principal, request.query.entity),
          limit: request.query.limit,
        }),
      ),
  );

  app.get(
    '/api/bank-statements/:id',
    {
      config: { access: 'debtors.read' },
      schema: {
        summary: 'Show an imported bank statement with the match state of each transaction',
        tags: ['payments'],
        params: idParams,
        response: {
          200: statementItem.extend({ transactions: z.array(statementTransaction) }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      withTenant(request, (trx) => getBankStatement(trx, { statementId: request.params.id })),
  );
};

/** Reads the multipart request: the statement file and the form fields. */
async function readStatementUpload(request: FastifyRequest) {
  if (!request.isMultipart()) {
    throw new AppError(
      'invalid_input',
      'Send the statement as multipart/form-data with the fields entityId and file.',
    );
  }
  let file: { fileName: string; content: Buffer } | undefined;
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      file = { fileName: part.filename || 'statement', content: await part.toBuffer() };
    } else {
      fields[part.fieldname] = String(part.value);
    }
  }
  if (!file || file.content.length === 0) {
    throw new AppError(
      'invalid_input',
      'file: attach the camt.053, camt.054 or MT940 file as the field "file".',
    );
  }
  const parsed = importFields.safeParse(fields);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.map(String).join('.') || 'form'}: ${issue.message}`,
    );
    throw new AppError('invalid_input', `Invalid form fields: ${problems.join('; ')}.`, {
      problems,
    });
  }

  return { ...file, fields: parsed.data };
}
