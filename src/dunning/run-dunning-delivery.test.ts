import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import {
  isValidCreditorReference,
  parseCreditorReferenceBody,
} from '../payments/creditor-reference.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import {
  createTenant,
  SETUP_TIMEOUT_MS,
  insertDebtor,
  insertInvoice,
  readMessages,
  runOn,
  type StoredMessage,
  type TestTenant,
} from './test-factories.ts';

let testDatabase: TestDatabase;
let tenant: TestTenant;
let messages: Map<string, StoredMessage>;
let summary: Awaited<ReturnType<typeof runOn>>;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  tenant = await createTenant(testDatabase.database, 'delivery', { country: 'NL' });
  await withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
    const debtors = {
      withEmail: await insertDebtor(trx, tenant, { number: 'D-1', language: 'fr' }),
      withoutAddress: await insertDebtor(trx, tenant, {
        number: 'D-2',
        name: 'Cedar Works',
        email: null,
        language: null,
        addressLine: 'Kade 1',
        postalCode: '1011 AB',
        city: 'Amsterdam',
      }),
      reminderContact: await insertDebtor(trx, tenant, { number: 'D-3', email: null }),
      invoiceContactOnly: await insertDebtor(trx, tenant, { number: 'D-4', email: null }),
    };
    const organisation_id = tenant.organisationId;
    await trx
      .insertInto('contacts')
      .values([
        {
          organisation_id,
          debtor_id: debtors.reminderContact,
          role: 'reminders',
          email: 'pay@d3.example',
        },
        {
          organisation_id,
          debtor_id: debtors.invoiceContactOnly,
          role: 'invoices',
          email: 'ap@d4.example',
        },
      ])
      .execute();
    for (const [index, debtorId] of Object.values(debtors).entries()) {
      await insertInvoice(trx, tenant, {
        debtorId,
        number: `F-${index + 1}`,
        dueDate: '2024-05-03',
        amount: '1234.56',
      });
    }
  });

  summary = await runOn(testDatabase.database, tenant, '2024-05-10');
  const stored = await readMessages(testDatabase.database, tenant);
  messages = new Map(stored.map((message) => [message.debtorNumber, message]));
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await testDatabase.drop();
});

describe('runDunning delivery', () => {
  it('counts the letters under their channel', () => {
    expect(summary.byStep).toEqual([
      { step: 'First reminder', channel: 'email', count: 2 },
      { step: 'First reminder', channel: 'letter', count: 2 },
    ]);
  });

  it('e-mails the debtor in its language', () => {
    const message = messages.get('D-1');

    expect(message?.channel).toBe('email');
    expect(message?.recipient).toBe('d-1@example.test');
    expect(message?.language).toBe('fr');
  });

  it('carries a creditor reference of entity and message', () => {
    const message = messages.get('D-1');
    const reference = message?.paymentReference ?? '';
    const body = parseCreditorReferenceBody(reference.slice(4));

    expect(isValidCreditorReference(reference)).toBe(true);
    expect(body?.entityCode).toBe('E1');
    expect(message?.id.replace(/-/g, '').toUpperCase()).toMatch(new RegExp(`^${body?.number}`));
  });

  it('letter without an e-mail address', () => {
    const message = messages.get('D-2');

    expect(message?.channel).toBe('letter');
    expect(message?.recipient).toBe('Cedar Works, Kade 1, 1011 AB Amsterdam');
    expect(message?.explanation.channel).toBe('letter');
    expect(message?.explanation.stepChannel).toBe('email');
    expect(message?.explanation.reason).toContain('no e-mail address');
  });

  it('language falls back to the entity', () => {
    expect(tenant.entity.language).toBe('nl');
    expect(messages.get('D-2')?.language).toBe('nl');
  });

  it('e-mails a reminders contact', () => {
    const message = messages.get('D-3');

    expect(message?.channel).toBe('email');
    expect(message?.recipient).toBe('pay@d3.example');
  });

  it('invoice contacts get no reminders', () => {
    const message = messages.get('D-4');

    expect(message?.channel).toBe('letter');
    expect(message?.recipient).toBeNull();
  });

  it('files messages in a batch per channel', async () => {
    const batches = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('message_batches as b')
        .innerJoin('messages as m', 'm.batch_id', 'b.id')
        .select(['b.channel', 'b.run_date', 'b.status', 'm.channel as message_channel'])
        .orderBy('b.channel')
        .execute(),
    );

    expect(new Set(batches.map((row) => `${row.channel} ${row.run_date} ${row.status}`))).toEqual(
      new Set(['email 2024-05-10 pending', 'letter 2024-05-10 pending']),
    );
    expect(batches.every((row) => row.channel === row.message_channel)).toBe(true);
  });
});
