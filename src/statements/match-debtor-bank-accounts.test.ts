import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import { addDebtorBankAccount } from '../debtors/bank-accounts/debtor-bank-accounts.ts';
import {
  createTenant,
  insertDebtor,
  insertInvoice,
  SETUP_TIMEOUT_MS,
  type TestTenant,
} from '../dunning/test-factories.ts';
import { createCreditorReference } from '../payments/creditor-reference.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { bookStatementFile } from './book-statement-file.ts';
import { camtFile, ENTITY_IBAN, type CamtDetail } from './testing/statement-fixtures.ts';

const ACTOR = 'test';

/** IBANs that pass the ISO 13616 check, one per case, so the cases share no account. */
const IBANS = {
  stored: 'NL88RABO0895321178',
  learned: 'NL26INGB0417397051',
  shared: 'NL98ABNA0113995039',
  referenced: 'NL33TRIO0529673376',
  relearned: 'NL53SNSB0469732568',
};

describe('matching by amount and debtor bank account', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let tenant: TestTenant;
  let fileCounter = 0;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = testDatabase.database;
    tenant = await createTenant(database, 'debtor-ibans', { iban: ENTITY_IBAN });
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await testDatabase.drop();
  });

  /** Books one camt.053 with one entry of the amount (decimal text) and detail. */
  const pay = (amount: string, detail: CamtDetail) => {
    fileCounter += 1;
    const content = camtFile([
      {
        id: `STMT-${fileCounter}`,
        entries: [{ amount, bankReference: `REF-${fileCounter}`, details: [detail] }],
      },
    ]);
    return withOrganisation(database, tenant.organisationId, (trx) =>
      bookStatementFile(
        trx,
        {
          organisationId: tenant.organisationId,
          entityId: tenant.entity.id,
          fileName: `statement-${fileCounter}.xml`,
          content: Buffer.from(content, 'utf8'),
          anyAccount: false,
          anyAccountHint: '--any-account',
        },
        ACTOR,
      ),
    );
  };

  const debtorWithInvoice = (number: string, amount: string, reference?: string) =>
    withOrganisation(database, tenant.organisationId, async (trx) => {
      const debtorId = await insertDebtor(trx, tenant, { number });
      const invoiceId = await insertInvoice(trx, tenant, {
        debtorId,
        number: `${number}-0001`,
        dueDate: '2026-01-10',
        amount,
      });
      if (reference !== undefined) {
        await trx
          .updateTable('invoices')
          .set({ payment_reference: reference })
          .where('id', '=', invoiceId)
          .execute();
      }
      return debtorId;
    });

  const addInvoice = (debtorId: string, number: string, amount: string) =>
    withOrganisation(database, tenant.organisationId, (trx) =>
      insertInvoice(trx, tenant, { debtorId, number, dueDate: '2026-02-10', amount }),
    );

  const addAccount = (debtorId: string, iban: string) =>
    withOrganisation(database, tenant.organisationId, (trx) =>
      addDebtorBankAccount(
        trx,
        { organisationId: tenant.organisationId, actor: ACTOR },
        { debtorId, input: { iban } },
      ),
    );

  const paymentWith = (endToEndId: string) =>
    withOrganisation(database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('payments')
        .select(['id', 'debtor_id', 'match_method'])
        .where('end_to_end_id', '=', endToEndId)
        .executeTakeFirstOrThrow(),
    );

  const accountsWith = (iban: string) =>
    withOrganisation(database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('debtor_bank_accounts')
        .select([
          'debtor_id',
          'source',
          'account_holder_name',
          'learned_from_payment_id',
          'created_by',
        ])
        .where('iban', '=', iban)
        .orderBy('created_at')
        .execute(),
    );

  it('matches a first payment by a stored IBAN', async () => {
    const debtorId = await debtorWithInvoice('D-STORED', '42.00');
    await addAccount(debtorId, 'nl88 rabo 0895 3211 78');

    const result = await pay('42.00', { endToEndId: 'E-STORED', iban: IBANS.stored });
    const payment = await paymentWith('E-STORED');

    expect(result.matched).toBe(1);
    expect(payment.match_method).toBe('amount_iban');
    expect(payment.debtor_id).toBe(debtorId);
  });

  it('learns the IBAN of an invoice number match', async () => {
    const debtorId = await debtorWithInvoice('D-LEARN', '10.00');
    await addInvoice(debtorId, 'D-LEARN-2', '27.50');

    await pay('10.00', {
      endToEndId: 'E-LEARN-1',
      iban: IBANS.learned,
      name: 'Learn Trading BV',
      text: 'D-LEARN-0001',
    });
    const first = await paymentWith('E-LEARN-1');
    const accounts = await accountsWith(IBANS.learned);
    await pay('27.50', { endToEndId: 'E-LEARN-2', iban: IBANS.learned });
    const second = await paymentWith('E-LEARN-2');

    expect(first.match_method).toBe('invoice_number');
    expect(accounts).toEqual([
      {
        debtor_id: debtorId,
        source: 'learned',
        account_holder_name: 'Learn Trading BV',
        learned_from_payment_id: first.id,
        created_by: ACTOR,
      },
    ]);
    expect(second.match_method).toBe('amount_iban');
    expect(second.debtor_id).toBe(debtorId);
  });

  it('learns the IBAN of a reference match', async () => {
    const reference = createCreditorReference('IBANREF1');
    const debtorId = await debtorWithInvoice('D-REFD', '18.00', reference);

    await pay('18.00', {
      endToEndId: 'E-REFD',
      iban: IBANS.referenced,
      reference: ['ISO', reference],
    });
    const accounts = await accountsWith(IBANS.referenced);

    expect((await paymentWith('E-REFD')).match_method).toBe('reference');
    expect(accounts.map((account) => [account.debtor_id, account.source])).toEqual([
      [debtorId, 'learned'],
    ]);
  });

  it('writes an audit event for a learned IBAN', async () => {
    const events = await withOrganisation(database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['actor', 'after'])
        .where('action', '=', 'debtor.bank_account_added')
        .execute(),
    );
    const learned = events.filter(
      (event) => (event.after as { iban?: string }).iban === IBANS.learned,
    );

    expect(learned).toHaveLength(1);
    expect(learned[0]?.after).toMatchObject({ source: 'learned', iban: IBANS.learned });
  });

  it('never matches a shared IBAN by amount', async () => {
    const first = await debtorWithInvoice('D-SHARED-1', '33.00');
    const second = await debtorWithInvoice('D-SHARED-2', '44.00');
    await addAccount(first, IBANS.shared);
    await addAccount(second, IBANS.shared);

    const result = await pay('33.00', { endToEndId: 'E-SHARED', iban: IBANS.shared });
    const payment = await paymentWith('E-SHARED');

    expect(result.unmatched).toBe(1);
    expect(payment.match_method).toBeNull();
    expect(payment.debtor_id).toBeNull();
  });

  it('second debtor learning an IBAN stops amount matching', async () => {
    const first = await debtorWithInvoice('D-TWICE-1', '12.00');
    await addInvoice(first, 'D-TWICE-1B', '15.00');
    const second = await debtorWithInvoice('D-TWICE-2', '13.00');
    await pay('12.00', { endToEndId: 'E-TWICE-1', iban: IBANS.relearned, text: 'D-TWICE-1-0001' });
    await pay('13.00', { endToEndId: 'E-TWICE-2', iban: IBANS.relearned, text: 'D-TWICE-2-0001' });

    const result = await pay('15.00', { endToEndId: 'E-TWICE-3', iban: IBANS.relearned });
    const accounts = await accountsWith(IBANS.relearned);

    expect(accounts.map((account) => account.debtor_id)).toEqual([first, second]);
    expect(result.unmatched).toBe(1);
    expect((await paymentWith('E-TWICE-3')).match_method).toBeNull();
  });

  it('learns no IBAN that fails its check', async () => {
    await debtorWithInvoice('D-BAD', '9.00');

    await pay('9.00', { endToEndId: 'E-BAD', iban: 'NL00ABNA0123456789', text: 'D-BAD-0001' });

    expect((await paymentWith('E-BAD')).match_method).toBe('invoice_number');
    expect(await accountsWith('NL00ABNA0123456789')).toEqual([]);
  });
});
