import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import {
  isValidCreditorReference,
  parseCreditorReferenceBody,
} from '../payments/creditor-reference.ts';
import { isValidDutchPaymentReference } from '../payments/payment-reference-nl.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { messagePaymentReference, previewPaymentReference } from './message-payment-reference.ts';
import {
  createTenant,
  insertDebtor,
  insertInvoice,
  readMessages,
  runOn,
  SETUP_TIMEOUT_MS,
} from './test-factories.ts';

const MESSAGE_ID = '0b9f6c2e-5d1a-4c3b-9e8f-7a6b5c4d3e2f';

describe('messagePaymentReference', () => {
  it('is a valid RF reference of entity and message', () => {
    const reference = messagePaymentReference('NL01', MESSAGE_ID) ?? '';

    expect(isValidCreditorReference(reference)).toBe(true);
    expect(reference).toHaveLength(25);
    expect(parseCreditorReferenceBody(reference.slice(4))).toEqual({
      entityCode: 'NL01',
      number: '0B9F6C2E5D1A4C3B',
    });
  });

  it('same message, same reference', () => {
    expect(messagePaymentReference('NL01', MESSAGE_ID)).toBe(
      messagePaymentReference('NL01', MESSAGE_ID),
    );
  });

  it('null for an entity code over 9 characters', () => {
    expect(messagePaymentReference('NETHERLANDS01', MESSAGE_ID)).toBeNull();
  });
});

describe('previewPaymentReference', () => {
  it('uses the RF reference in the rf scheme', () => {
    const entity = { code: 'NL01', payment_reference_scheme: 'rf' as const };

    expect(previewPaymentReference(entity, MESSAGE_ID)).toBe(
      messagePaymentReference('NL01', MESSAGE_ID),
    );
  });

  it('gives a Dutch reference in the nl scheme', () => {
    const entity = { code: 'NL01', payment_reference_scheme: 'nl' as const };

    const reference = previewPaymentReference(entity, MESSAGE_ID) ?? '';

    expect(reference).toMatch(/^\d{16}$/);
    expect(isValidDutchPaymentReference(reference)).toBe(true);
  });
});

describe('dunning run references', () => {
  let testDatabase: TestDatabase;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await testDatabase.drop();
  });

  async function runWithScheme(slug: string, scheme: 'rf' | 'nl') {
    const tenant = await createTenant(testDatabase.database, slug, {
      paymentReferenceScheme: scheme,
    });
    await withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
      for (const number of ['D-1', 'D-2', 'D-3']) {
        const debtorId = await insertDebtor(trx, tenant, { number });
        await insertInvoice(trx, tenant, {
          debtorId,
          number: `T-${number}`,
          dueDate: '2024-03-01',
          amount: '800.00',
        });
      }
    });
    await runOn(testDatabase.database, tenant, '2024-03-08');

    return readMessages(testDatabase.database, tenant);
  }

  it('gives messages Dutch references in the nl scheme', async () => {
    const messages = await runWithScheme('references-nl', 'nl');

    const references = messages.map((message) => message.paymentReference ?? '');
    expect(references).toHaveLength(3);
    expect(new Set(references).size).toBe(3);
    for (const reference of references) {
      expect(reference).toMatch(/^\d{16}$/);
      expect(isValidDutchPaymentReference(reference)).toBe(true);
    }
  });

  it('gives messages RF references in the rf scheme', async () => {
    const messages = await runWithScheme('references-rf', 'rf');

    expect(messages).toHaveLength(3);
    for (const message of messages) {
      expect(message.paymentReference).toBe(messagePaymentReference('E1', message.id));
    }
  });
});
