import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import { insertBatch } from '../home/test-factories.ts';
import { prepareMessage } from '../messaging/prepare-message.ts';
import { previewTemplate } from '../messaging/preview-template.ts';
import { renderPreparedEmail } from '../messaging/render-message.ts';
import { buildLetterContent } from '../messaging/render-letter-pdf.ts';
import { createOrganisation } from '../organisations/organisations.ts';
import {
  seedPaymentLinkData,
  type PaymentLinkSetup,
} from '../payment-links/testing/payment-link-fixture.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { revokePortalAccess } from './debtor-portal-link.ts';

const PUBLIC_URL = 'https://collecta.example.test';
const PORTAL_LINK = new RegExp(`^${PUBLIC_URL}/portal/[A-Za-z0-9_-]{64}$`);

describe('portal link merge field', () => {
  let testDatabase: TestDatabase;
  let setup: PaymentLinkSetup;
  let messageId: string;

  const inTenant = <T>(work: Parameters<typeof withOrganisation<T>>[2]) =>
    withOrganisation(testDatabase.database, setup.organisationId, work);
  const prepare = () =>
    inTenant((trx) => prepareMessage(trx, { messageId, publicUrl: PUBLIC_URL }));

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    const organisation = await createOrganisation(database, {
      live: true,
      slug: 'portal-links',
      name: 'Portal links',
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

  it('is the same in preview, e-mail and letter', async () => {
    const prepared = await prepare();
    const link = prepared.fields.portal_link ?? '';
    const email = await renderPreparedEmail(prepared);
    const letter = await buildLetterContent(prepared, {});
    const preview = await inTenant((trx) =>
      previewTemplate(trx, {
        entityId: setup.entityId,
        debtorId: setup.debtorId,
        templateKey: 'reminder-1',
        language: 'en',
        channel: 'email',
        asOf: '2026-12-04',
        publicUrl: PUBLIC_URL,
      }),
    );

    expect(link).toMatch(PORTAL_LINK);
    expect((await prepare()).fields.portal_link).toBe(link);
    expect(email.text).toContain(link);
    expect(email.html).toContain(`href="${link}"`);
    expect(letter.outro).toContain(link);
    expect(preview.channel).toBe('email');
    expect(preview.channel === 'email' ? preview.text : '').toContain(link);
  });

  it("uses the entity's portal address", async () => {
    await inTenant((trx) =>
      trx
        .updateTable('entities')
        .set({ portal_url: 'https://pay.example.nl/' })
        .where('id', '=', setup.entityId)
        .execute(),
    );
    const link = (await prepare()).fields.portal_link;
    await inTenant((trx) =>
      trx
        .updateTable('entities')
        .set({ portal_url: null })
        .where('id', '=', setup.entityId)
        .execute(),
    );

    expect(link).toMatch(/^https:\/\/pay\.example\.nl\/portal\/[A-Za-z0-9_-]{64}$/);
  });

  it('changes after revoking', async () => {
    const before = (await prepare()).fields.portal_link;
    await inTenant((trx) =>
      revokePortalAccess(trx, {
        organisationId: setup.organisationId,
        debtorId: setup.debtorId,
        actor: 'test',
      }),
    );
    const after = (await prepare()).fields.portal_link;

    expect(after).toMatch(PORTAL_LINK);
    expect(after).not.toBe(before);
  });
});
