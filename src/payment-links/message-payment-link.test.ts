import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveProviderChannel } from '../channels/channel-settings.ts';
import { addDays, dateInTimeZone } from '../dates/plain-date.ts';
import { withOrganisation } from '../db/tenant.ts';
import { insertBatch } from '../home/test-factories.ts';
import { prepareMessage } from '../messaging/prepare-message.ts';
import { createOrganisation } from '../organisations/organisations.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { hashPaymentLinkToken } from './payment-link-token.ts';
import { seedPaymentLinkData, type PaymentLinkSetup } from './testing/payment-link-fixture.ts';

const PUBLIC_URL = 'https://collecta.example.test';
const MOLLIE_KEY = 'test_messagelinkkey000000000000';

describe('payment link merge field', () => {
  let testDatabase: TestDatabase;
  let setup: PaymentLinkSetup;
  let messageId: string;

  const prepare = (publicUrl?: string) =>
    withOrganisation(testDatabase.database, setup.organisationId, (trx) =>
      prepareMessage(trx, { messageId, ...(publicUrl ? { publicUrl } : {}) }),
    );
  const readLinks = () =>
    withOrganisation(testDatabase.database, setup.organisationId, (trx) =>
      trx
        .selectFrom('payment_links')
        .select(['id', 'message_id', 'token_hash', 'amount_minor', 'expires_on'])
        .execute(),
    );

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    const organisation = await createOrganisation(database, {
      live: true,
      slug: 'links',
      name: 'Links',
      actor: 'test',
    });
    setup = await seedPaymentLinkData(database, { organisationId: organisation.id });
    messageId = await withOrganisation(database, organisation.id, async (trx) => {
      const entity = await trx
        .selectFrom('entities')
        .selectAll()
        .where('id', '=', setup.entityId)
        .executeTakeFirstOrThrow();
      const batchId = await insertBatch(trx, entity, {
        debtorId: setup.debtorId,
        runDate: '2026-12-04',
        messages: [{ total: '350.00' }],
      });
      const message = await trx
        .updateTable('messages')
        .set({
          explanation: JSON.stringify({ invoices: setup.invoiceIds.map((id) => ({ id })) }),
        })
        .where('batch_id', '=', batchId)
        .returning('id')
        .executeTakeFirstOrThrow();
      return message.id;
    });
  });

  afterAll(async () => {
    await testDatabase.drop();
  });

  it('stays empty without a payment channel', async () => {
    const prepared = await prepare(PUBLIC_URL);
    expect(prepared.fields.payment_link).toBeNull();
    expect(await readLinks()).toHaveLength(0);
  });

  it('makes one link per message with a stable address', async () => {
    await withOrganisation(testDatabase.database, setup.organisationId, (trx) =>
      saveProviderChannel(trx, {
        organisationId: setup.organisationId,
        actor: 'test',
        channel: 'payment',
        input: { provider: 'mollie', settings: {}, secret: MOLLIE_KEY },
      }),
    );

    const first = await prepare(PUBLIC_URL);
    const second = await prepare(PUBLIC_URL);
    const url = first.fields.payment_link ?? '';
    expect(url).toMatch(/^https:\/\/collecta\.example\.test\/pay\/[A-Za-z0-9_-]{43}$/);
    expect(second.fields.payment_link).toBe(url);

    const links = await readLinks();
    expect(links).toHaveLength(1);
    expect(links[0]?.message_id).toBe(messageId);
    expect(links[0]?.amount_minor).toBe(35_000);
    expect(links[0]?.token_hash).toBe(hashPaymentLinkToken(url.slice(url.lastIndexOf('/') + 1)));
    // Without message_payment_link_expiry_days the link works while its invoices are open.
    expect(links[0]?.expires_on).toBeNull();
  });

  it('expires after the message days when set', async () => {
    await withOrganisation(testDatabase.database, setup.organisationId, async (trx) => {
      await trx.deleteFrom('payment_links').execute();
      await trx
        .updateTable('entities')
        .set({ message_payment_link_expiry_days: 60 })
        .where('id', '=', setup.entityId)
        .execute();
    });

    await prepare(PUBLIC_URL);
    const links = await readLinks();
    const today = dateInTimeZone(new Date(), 'Europe/Amsterdam');
    expect(links).toHaveLength(1);
    expect(links[0]?.expires_on).toBe(addDays(today, 60));
  });

  it('stays empty when the caller passes no public address', async () => {
    const prepared = await prepare();
    expect(prepared.fields.payment_link).toBeNull();
  });
});
