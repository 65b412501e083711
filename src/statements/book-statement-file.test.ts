import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import {
  createTenant,
  insertDebtor,
  insertInvoice,
  SETUP_TIMEOUT_MS,
  type TestTenant,
} from '../dunning/test-factories.ts';
import { AppError } from '../errors.ts';
import { createCreditorReference } from '../payments/creditor-reference.ts';
import { loadInvoiceBalances } from '../payments/invoice-balances.ts';
import { createDutchPaymentReference } from '../payments/payment-reference-nl.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { bookStatementFile, type StatementImportResult } from './book-statement-file.ts';
import {
  camtFile,
  ENTITY_IBAN,
  mt940File,
  OTHER_IBAN,
  type CamtEntry,
} from './testing/statement-fixtures.ts';

const ACTOR = 'test';

describe('bookStatementFile', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let tenant: TestTenant;
  let fileCounter = 0;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = testDatabase.database;
    tenant = await createTenant(database, 'statements', { iban: ENTITY_IBAN });
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await testDatabase.drop();
  });

  const book = (content: string, options: { anyAccount?: boolean; fileName?: string } = {}) =>
    withOrganisation(database, tenant.organisationId, (trx) =>
      bookStatementFile(
        trx,
        {
          organisationId: tenant.organisationId,
          entityId: tenant.entity.id,
          fileName: options.fileName ?? 'statement.xml',
          content: Buffer.from(content, 'utf8'),
          anyAccount: options.anyAccount ?? false,
          anyAccountHint: '--any-account',
        },
        ACTOR,
      ),
    );

  /**
   * Builds a camt.053 with one statement of its own id. Each entry gets its
   * own bank reference, so that its transaction key is the bank's reference
   * and not its position in the statement.
   */
  const camt = (entries: CamtEntry[]) => {
    fileCounter += 1;
    return camtFile([
      {
        id: `STMT-${fileCounter}`,
        entries: entries.map((entry, index) => ({
          bankReference: `REF-${fileCounter}-${index}`,
          ...entry,
        })),
      },
    ]);
  };

  const rejection = async (running: Promise<unknown>): Promise<AppError> => {
    const error = await running.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  };

  /** A new debtor with invoices; amounts are decimal text in EUR. */
  const debtorWithInvoices = async (
    number: string,
    invoices: Array<{ number: string; dueDate: string; amount: string; reference?: string }>,
  ) =>
    withOrganisation(database, tenant.organisationId, async (trx) => {
      const debtorId = await insertDebtor(trx, tenant, { number });
      const invoiceIds: string[] = [];
      for (const invoice of invoices) {
        const id = await insertInvoice(trx, tenant, { debtorId, ...invoice });
        if (invoice.reference) {
          await trx
            .updateTable('invoices')
            .set({ payment_reference: invoice.reference })
            .where('id', '=', id)
            .execute();
        }
        invoiceIds.push(id);
      }
      return { debtorId, invoiceIds };
    });

  const openOf = (invoiceIds: string[]) =>
    withOrganisation(database, tenant.organisationId, async (trx) => {
      const balances = await loadInvoiceBalances(trx, {
        organisationId: tenant.organisationId,
        invoiceIds,
      });
      return invoiceIds.map(
        (id) => balances.find((balance) => balance.invoiceId === id)?.principalOpenMinor,
      );
    });

  const paymentsWith = (endToEndId: string) =>
    withOrganisation(database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('payments')
        .selectAll()
        .where('end_to_end_id', '=', endToEndId)
        .orderBy('created_at')
        .execute(),
    );

  const counts = (result: StatementImportResult) => {
    const { statements, transactions, matched, unmatched, duplicates } = result;
    return { statements, transactions, matched, unmatched, duplicates };
  };

  it('matches an RF reference in the structured remittance', async () => {
    const reference = createCreditorReference('REFTEST1');
    const { debtorId, invoiceIds } = await debtorWithInvoices('D-REF', [
      { number: 'R-1', dueDate: '2026-02-01', amount: '125.00', reference },
    ]);

    const result = await book(
      camt([
        { amount: '125.00', details: [{ endToEndId: 'E-REF', reference: ['ISO', reference] }] },
      ]),
    );
    const [payment] = await paymentsWith('E-REF');

    expect(counts(result)).toEqual({
      statements: 1,
      transactions: 1,
      matched: 1,
      unmatched: 0,
      duplicates: 0,
    });
    expect(payment?.match_method).toBe('reference');
    expect(payment?.debtor_id).toBe(debtorId);
    expect(await openOf(invoiceIds)).toEqual([0]);
  });

  it('matches a Dutch reference written in the text', async () => {
    const reference = createDutchPaymentReference('500005678901234');
    const { invoiceIds } = await debtorWithInvoices('D-NL', [
      { number: 'N-1', dueDate: '2026-02-01', amount: '80.00', reference },
    ]);
    const grouped = reference.replace(/(\d{4})(?=\d)/g, '$1 ');

    await book(
      camt([
        { amount: '80.00', details: [{ endToEndId: 'E-NL', text: `betalingskenmerk ${grouped}` }] },
      ]),
    );
    const [payment] = await paymentsWith('E-NL');

    expect(payment?.match_method).toBe('reference');
    expect(await openOf(invoiceIds)).toEqual([0]);
  });

  it('matches a dunning message reference to its invoices', async () => {
    const { debtorId, invoiceIds } = await debtorWithInvoices('D-MSG', [
      { number: 'M-1', dueDate: '2026-01-01', amount: '30.00' },
      { number: 'M-2', dueDate: '2026-01-15', amount: '20.00' },
    ]);
    const reference = createCreditorReference('MSGTEST1');
    await withOrganisation(database, tenant.organisationId, async (trx) => {
      const run = await trx
        .insertInto('dunning_runs')
        .values({
          organisation_id: tenant.organisationId,
          entity_id: tenant.entity.id,
          run_date: '2026-02-01',
          summary: JSON.stringify({}),
          skipped: JSON.stringify([]),
          created_by: ACTOR,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const batch = await trx
        .insertInto('message_batches')
        .values({
          organisation_id: tenant.organisationId,
          entity_id: tenant.entity.id,
          run_date: '2026-02-01',
          channel: 'email',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('messages')
        .values({
          organisation_id: tenant.organisationId,
          entity_id: tenant.entity.id,
          batch_id: batch.id,
          run_id: run.id,
          debtor_id: debtorId,
          step_id: null,
          instalment_id: null,
          channel: 'email',
          language: 'en',
          currency: 'EUR',
          total_minor: 5000,
          payment_reference: reference,
          recipient: 'd-msg@example.test',
          explanation: JSON.stringify({ invoices: invoiceIds.map((id) => ({ id })) }),
          smtp_message_id: null,
          provider_message_id: null,
          segments: null,
          delivery_status: null,
          delivered_at: null,
          bounced_at: null,
          bounce_reason: null,
          sent_at: null,
          error: null,
        })
        .execute();
    });

    await book(
      camt([
        { amount: '50.00', details: [{ endToEndId: 'E-MSG', reference: ['ISO', reference] }] },
      ]),
    );
    const [payment] = await paymentsWith('E-MSG');

    expect(payment?.match_method).toBe('reference');
    expect(await openOf(invoiceIds)).toEqual([0, 0]);
  });

  it('splits one payment over two invoice numbers', async () => {
    const { invoiceIds } = await debtorWithInvoices('D-NUM', [
      { number: 'INV-7001', dueDate: '2026-01-10', amount: '100.00' },
      { number: 'INV-7002', dueDate: '2026-01-20', amount: '60.00' },
    ]);

    const result = await book(
      camt([
        {
          amount: '160.00',
          details: [{ endToEndId: 'E-NUM', text: 'Factuur INV-7001, inv-7002.' }],
        },
      ]),
    );
    const [payment] = await paymentsWith('E-NUM');

    expect(result.matched).toBe(1);
    expect(payment?.match_method).toBe('invoice_number');
    expect(await openOf(invoiceIds)).toEqual([0, 0]);
  });

  it('ignores an invoice number inside a date', async () => {
    const { invoiceIds } = await debtorWithInvoices('D-DATE', [
      { number: '2031', dueDate: '2026-01-10', amount: '45.00' },
    ]);

    const result = await book(
      camt([{ amount: '45.00', details: [{ endToEndId: 'E-DATE', text: 'Betaling 12-03-2031' }] }]),
    );
    const [payment] = await paymentsWith('E-DATE');

    expect(result.unmatched).toBe(1);
    expect(payment?.match_method).toBeNull();
    expect(await openOf(invoiceIds)).toEqual([4500]);
  });

  it('takes a short number only after an invoice word', async () => {
    const { invoiceIds } = await debtorWithInvoices('D-SHORT', [
      { number: '77', dueDate: '2026-01-10', amount: '12.00' },
      { number: '78', dueDate: '2026-01-11', amount: '13.00' },
    ]);

    await book(camt([{ amount: '12.00', details: [{ endToEndId: 'E-QTY', text: '77 stuks' }] }]));
    await book(
      camt([{ amount: '25.00', details: [{ endToEndId: 'E-SHORT', text: 'Factuur 77 en 78' }] }]),
    );
    const [quantity] = await paymentsWith('E-QTY');
    const [short] = await paymentsWith('E-SHORT');

    expect(quantity?.match_method).toBeNull();
    expect(short?.match_method).toBe('invoice_number');
    expect(await openOf(invoiceIds)).toEqual([0, 0]);
  });

  it('pays the oldest invoice first on a partial payment', async () => {
    const { invoiceIds } = await debtorWithInvoices('D-PART', [
      { number: 'P-2', dueDate: '2026-02-10', amount: '100.00' },
      { number: 'P-1', dueDate: '2026-01-10', amount: '100.00' },
    ]);

    const result = await book(
      camt([{ amount: '150.00', details: [{ endToEndId: 'E-PART', text: 'P-2 P-1' }] }]),
    );

    expect(result.matched).toBe(1);
    expect(await openOf(invoiceIds)).toEqual([5000, 0]);
  });

  it('keeps the remainder of an over-payment in the queue', async () => {
    const { invoiceIds } = await debtorWithInvoices('D-OVER', [
      { number: 'O-1', dueDate: '2026-01-10', amount: '90.00' },
    ]);

    const result = await book(
      camt([{ amount: '100.00', details: [{ endToEndId: 'E-OVER', text: 'invoice O-1' }] }]),
    );
    const [payment] = await paymentsWith('E-OVER');
    const allocated = await withOrganisation(database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('allocations')
        .select('amount_minor')
        .where('payment_id', '=', payment?.id ?? '')
        .execute(),
    );

    expect(result.unmatched).toBe(1);
    expect(result.matched).toBe(0);
    expect(payment?.match_method).toBe('invoice_number');
    expect(allocated.map((row) => Number(row.amount_minor))).toEqual([9000]);
    expect(await openOf(invoiceIds)).toEqual([0]);
  });

  it('matches amount and a known IBAN', async () => {
    const iban = 'NL02ABNA0123456789';
    const { invoiceIds } = await debtorWithInvoices('D-IBAN', [
      { number: 'I-1', dueDate: '2026-01-10', amount: '10.00' },
      { number: 'I-2', dueDate: '2026-01-20', amount: '35.00' },
      { number: 'I-3', dueDate: '2026-01-30', amount: '35.00' },
      { number: 'I-4', dueDate: '2026-02-10', amount: '20.00' },
    ]);

    await book(
      camt([{ amount: '10.00', details: [{ endToEndId: 'E-IBAN-1', iban, text: 'I-1' }] }]),
    );
    await book(camt([{ amount: '35.00', details: [{ endToEndId: 'E-IBAN-2', iban }] }]));
    await book(camt([{ amount: '55.00', details: [{ endToEndId: 'E-IBAN-3', iban }] }]));
    const [single] = await paymentsWith('E-IBAN-2');
    const [all] = await paymentsWith('E-IBAN-3');

    expect(single?.match_method).toBe('amount_iban');
    expect(all?.match_method).toBe('amount_iban');
    expect(await openOf(invoiceIds)).toEqual([0, 0, 0, 0]);
  });

  it('leaves an unknown IBAN without text in the queue', async () => {
    await debtorWithInvoices('D-NONE', [{ number: 'U-1', dueDate: '2026-01-10', amount: '61.00' }]);

    const result = await book(
      camt([{ amount: '61.00', details: [{ endToEndId: 'E-NONE', iban: OTHER_IBAN }] }]),
    );
    const [payment] = await paymentsWith('E-NONE');

    expect(result.unmatched).toBe(1);
    expect(payment?.debtor_id).toBeNull();
    expect(payment?.dismissed_at).toBeNull();
  });

  it('splits a batch booking into its payments', async () => {
    const { invoiceIds } = await debtorWithInvoices('D-BATCH', [
      { number: 'B-1', dueDate: '2026-01-10', amount: '11.00' },
      { number: 'B-2', dueDate: '2026-01-10', amount: '22.00' },
    ]);

    const result = await book(
      camt([
        {
          amount: '40.00',
          bankReference: 'BATCH-REF-1',
          details: [
            { amount: '11.00', endToEndId: 'E-B1', text: 'B-1' },
            { amount: '22.00', endToEndId: 'E-B2', text: 'B-2' },
            { amount: '7.00', endToEndId: 'E-B3', text: 'donation' },
          ],
        },
      ]),
    );

    expect(counts(result)).toEqual({
      statements: 1,
      transactions: 3,
      matched: 2,
      unmatched: 1,
      duplicates: 0,
    });
    expect(await openOf(invoiceIds)).toEqual([0, 0]);
  });

  it('undoes a receipt that the bank reverses', async () => {
    const { invoiceIds } = await debtorWithInvoices('D-REV', [
      { number: 'V-1', dueDate: '2026-01-10', amount: '70.00' },
    ]);
    await book(camt([{ amount: '70.00', details: [{ endToEndId: 'E-REV', text: 'V-1' }] }]));
    expect(await openOf(invoiceIds)).toEqual([0]);

    const result = await book(
      camt([{ amount: '-70.00', reversal: true, details: [{ endToEndId: 'E-REV', text: 'V-1' }] }]),
    );
    const [receipt, reversal] = await paymentsWith('E-REV');
    const negated = await withOrganisation(database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('allocations')
        .select(['invoice_id', 'amount_minor'])
        .where('payment_id', '=', reversal?.id ?? '')
        .execute(),
    );

    expect(result.matched).toBe(1);
    expect(reversal?.booking_kind).toBe('reversal');
    expect(reversal?.reverses_payment_id).toBe(receipt?.id);
    expect(negated.map((row) => [row.invoice_id, Number(row.amount_minor)])).toEqual([
      [invoiceIds[0], -7000],
    ]);
    expect(await openOf(invoiceIds)).toEqual([7000]);
  });

  it('undoes a returned direct debit from MT940', async () => {
    const { invoiceIds } = await debtorWithInvoices('D-RTRN', [
      { number: 'T-1', dueDate: '2026-01-10', amount: '40.00' },
    ]);
    await book(
      mt940File(
        [
          {
            amount: '40.00',
            bankReference: 'DD-1',
            information: '/EREF/DD-RTRN-1//REMI/USTD//T-1/',
          },
        ],
        { id: 'MT-RTRN-1' },
      ),
      { fileName: 'collect.940' },
    );
    expect(await openOf(invoiceIds)).toEqual([0]);

    const result = await book(
      mt940File(
        [
          {
            amount: '-40.00',
            bankReference: 'DD-1-RET',
            information: '/RTRN/MS03//EREF/DD-RTRN-1//REMI/USTD//T-1/',
          },
        ],
        { id: 'MT-RTRN-2' },
      ),
      { fileName: 'return.940' },
    );
    const [receipt, returned] = await paymentsWith('DD-RTRN-1');

    expect(result.matched).toBe(1);
    expect(returned?.booking_kind).toBe('return');
    expect(returned?.return_reason_code).toBe('MS03');
    expect(returned?.reverses_payment_id).toBe(receipt?.id);
    expect(await openOf(invoiceIds)).toEqual([4000]);
  });

  it('cancels the unallocated remainder of a reversed over-payment', async () => {
    await debtorWithInvoices('D-REVO', [{ number: 'W-1', dueDate: '2026-01-10', amount: '30.00' }]);
    await book(camt([{ amount: '50.00', details: [{ endToEndId: 'E-REVO', text: 'W-1' }] }]));

    await book(camt([{ amount: '-50.00', reversal: true, details: [{ endToEndId: 'E-REVO' }] }]));
    const [receipt, reversal] = await paymentsWith('E-REVO');

    expect(receipt?.dismissed_at).not.toBeNull();
    expect(reversal?.dismissed_at).not.toBeNull();
  });

  it('keeps a reversal without its receipt in the queue', async () => {
    const result = await book(
      camt([{ amount: '-33.00', reversal: true, details: [{ endToEndId: 'E-ORPHAN' }] }]),
    );
    const [reversal] = await paymentsWith('E-ORPHAN');

    expect(result.unmatched).toBe(1);
    expect(reversal?.reverses_payment_id).toBeNull();
    expect(reversal?.dismissed_at).toBeNull();
  });

  it('dismisses other money out on booking', async () => {
    const result = await book(
      camt([{ amount: '-250.00', details: [{ endToEndId: 'E-RENT', text: 'rent March' }] }]),
    );
    const [debit] = await paymentsWith('E-RENT');

    expect(counts(result)).toEqual({
      statements: 1,
      transactions: 1,
      matched: 1,
      unmatched: 0,
      duplicates: 0,
    });
    expect(debit?.booking_kind).toBe('other_debit');
    expect(debit?.dismissed_at).not.toBeNull();
  });

  it('books a bad counterparty IBAN with a warning', async () => {
    await book(
      camt([
        { amount: '5.00', details: [{ endToEndId: 'E-BADIBAN', iban: 'NL00ABNA0123456789' }] },
      ]),
    );
    const [payment] = await paymentsWith('E-BADIBAN');

    expect(payment?.counterparty_iban).toBe('NL00ABNA0123456789');
    expect(payment?.warnings[0]).toContain('NL00ABNA0123456789 fails the IBAN check');
  });

  it('books nothing twice on a second import', async () => {
    const content = camtFile([
      {
        id: 'STMT-TWICE',
        sequence: '7',
        entries: [
          { amount: '1.00', details: [{ endToEndId: 'E-TWICE-1' }] },
          { amount: '-2.00', details: [{ endToEndId: 'E-TWICE-2' }] },
          { amount: '3.00', pending: true, details: [{ endToEndId: 'E-PENDING' }] },
        ],
      },
    ]);

    const first = await book(content);
    const second = await book(content);

    expect(counts(first)).toEqual({
      statements: 1,
      transactions: 2,
      matched: 1,
      unmatched: 1,
      duplicates: 0,
    });
    expect(counts(second)).toEqual({
      statements: 1,
      transactions: 2,
      matched: 0,
      unmatched: 0,
      duplicates: 2,
    });
    expect(second.statementIds).toEqual(first.statementIds);
    expect(await paymentsWith('E-TWICE-1')).toHaveLength(1);
    expect(await paymentsWith('E-PENDING')).toHaveLength(0);
  });

  it('counts a camt.054 booking again in the camt.053 as duplicate', async () => {
    const entry: CamtEntry = {
      amount: '19.00',
      bookingDate: '2026-03-03',
      bankReference: 'NTF-19',
      details: [{ endToEndId: 'E-054' }],
    };

    const notification = await book(camtFile([{ id: 'NTFCTN-1', entries: [entry] }], '054'));
    const statement = await book(camtFile([{ id: 'STMT-054', entries: [entry] }]));

    expect(notification.unmatched).toBe(1);
    expect(statement.duplicates).toBe(1);
    expect(await paymentsWith('E-054')).toHaveLength(1);
  });

  it('books same-key payments of other payers', async () => {
    const notification = (id: string, endToEndId: string) =>
      camtFile(
        [
          {
            id,
            entries: [{ amount: '21.00', bookingDate: '2026-03-04', details: [{ endToEndId }] }],
          },
        ],
        '054',
      );

    const first = await book(notification('NTF-A', 'E-SAMEKEY-A'));
    const second = await book(notification('NTF-B', 'E-SAMEKEY-B'));
    const again = await book(notification('NTF-B', 'E-SAMEKEY-B'));

    expect(first.duplicates).toBe(0);
    expect(second.duplicates).toBe(0);
    expect(again.duplicates).toBe(1);
    expect(await paymentsWith('E-SAMEKEY-A')).toHaveLength(1);
    expect(await paymentsWith('E-SAMEKEY-B')).toHaveLength(1);
  });

  it('rejects a statement of another account, then books it with anyAccount', async () => {
    const content = camtFile([
      { id: 'STMT-OWN', entries: [{ amount: '4.00', details: [{ endToEndId: 'E-OWN' }] }] },
      {
        id: 'STMT-FOREIGN',
        iban: OTHER_IBAN,
        entries: [{ amount: '6.00', details: [{ endToEndId: 'E-FOREIGN' }] }],
      },
    ]);

    const error = await rejection(book(content, { fileName: 'two.xml' }));

    expect(error.code).toBe('import_rejected');
    expect(error.message).toBe(
      `two.xml, statement 2 (STMT-FOREIGN), account ${OTHER_IBAN} is not a bank account of entity E1 (its accounts are ${ENTITY_IBAN}); check that you chose the right entity, add the account to the entity, or import with --any-account.`,
    );
    expect(await paymentsWith('E-OWN')).toHaveLength(0);

    const booked = await book(content, { anyAccount: true });

    expect(booked.transactions).toBe(2);
    expect(await paymentsWith('E-FOREIGN')).toHaveLength(1);
  });

  it('accepts an account of entity_bank_accounts', async () => {
    const iban = 'NL39RABO0300065264';
    await withOrganisation(database, tenant.organisationId, (trx) =>
      trx
        .insertInto('entity_bank_accounts')
        .values({ organisation_id: tenant.organisationId, entity_id: tenant.entity.id, iban })
        .execute(),
    );

    const result = await book(
      camtFile([
        {
          id: 'STMT-RABO',
          iban,
          entries: [{ amount: '8.00', details: [{ endToEndId: 'E-RABO' }] }],
        },
      ]),
    );

    expect(result.transactions).toBe(1);
  });

  it('rejects interim reports and books nothing', async () => {
    const mt942 = mt940File([{ amount: '9.00', information: '/EREF/E-MT942//' }], {
      id: 'INTERIM-1',
      interim: true,
    });
    const camt052 = camtFile([
      { id: 'RPT-1', entries: [{ amount: '9.00', details: [{ endToEndId: 'E-052' }] }] },
    ])
      .replaceAll('camt.053', 'camt.052')
      .replaceAll('BkToCstmrStmt', 'BkToCstmrAcctRpt')
      .replaceAll('Stmt>', 'Rpt>');

    const swift = await rejection(book(mt942, { fileName: 'today.942' }));
    const xml = await rejection(book(camt052, { fileName: 'today.xml' }));

    expect(swift.code).toBe('import_rejected');
    expect(swift.message).toBe(
      'today.942 is an interim report (mt942) with 1 report and 1 transaction; nothing was booked, because the final statement of the day books these transactions. Import the MT940 statement instead.',
    );
    expect(swift.details).toMatchObject({ statements: 1, transactions: 1 });
    expect(xml.message).toContain('today.xml is an interim report (camt.052)');
    expect(xml.message).toContain('Import the camt.053 statement instead.');
    expect(await paymentsWith('E-052')).toHaveLength(0);
  });

  it('rejects a file that is no statement', async () => {
    const error = await rejection(book('hello', { fileName: 'notes.txt' }));

    expect(error.code).toBe('import_rejected');
    expect(error.message).toContain('notes.txt, line 1, content ("hello") is neither camt XML');
  });
});
