import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import {
  createTenant,
  insertDebtor,
  insertInvoice,
  insertProfileSegment,
  readMessages,
  runOn,
  SETUP_TIMEOUT_MS,
} from '../dunning/test-factories.ts';
import { renderMessage } from '../messaging/render-message.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { setStepCharges } from './charge-test-factories.ts';

let testDatabase: TestDatabase;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await testDatabase.drop();
});

/** Renders the one message of a run that charged costs 150.00 and a fee of 50.00 on 1,000.00. */
async function renderChargedReminder(language: string) {
  const tenant = await createTenant(testDatabase.database, `merge-${language}`);
  await withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
    const segmentId = await insertProfileSegment(trx, tenant, {
      name: 'Charged reminder',
      steps: [
        { name: 'Second', dayOffset: 30, templateKey: 'reminder-2', addsCollectionCosts: true },
      ],
    });
    await setStepCharges(trx, tenant, 'Second', { feeFixedMinor: 5_000 });
    const debtorId = await insertDebtor(trx, tenant, { number: 'D-1', language, segmentId });
    await insertInvoice(trx, tenant, {
      debtorId,
      number: 'F-1',
      dueDate: '2024-03-01',
      amount: '1000.00',
    });
  });
  await runOn(testDatabase.database, tenant, '2024-03-31');
  const [message] = await readMessages(testDatabase.database, tenant);
  const rendered = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
    renderMessage(trx, { messageId: message?.id ?? '' }),
  );

  return {
    text: rendered.text.replace(/[\u00a0\u202f]/g, ' '),
    html: rendered.html,
    total: message?.total,
  };
}

describe('charge merge fields', () => {
  it.each([
    ['en', 'Collection costs: €150.00', 'Fees: €50.00', 'Total due: €1,200.00'],
    ['nl', 'Incassokosten: € 150,00', 'Kosten: € 50,00', 'Totaal te betalen: € 1.200,00'],
    ['de', 'Inkassokosten: 150,00 €', 'Gebühren: 50,00 €', 'Gesamtbetrag fällig: 1.200,00 €'],
    ['fr', 'Frais de recouvrement : 150,00 €', 'Frais : 50,00 €', 'Total dû : 1 200,00 €'],
  ])('%s reminder shows the charges', async (language, costs, fees, totalDue) => {
    const { text, html, total } = await renderChargedReminder(language);

    expect(text).toContain(costs);
    expect(text).toContain(fees);
    expect(text).toContain(totalDue);
    expect(html).toContain(totalDue.split(/ ?: /)[0]);
    expect(total).toBe(100_000);
  });
});
