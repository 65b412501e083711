import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import { formatMessageAmount } from '../messaging/format-message-values.ts';
import { prepareMessage } from '../messaging/prepare-message.ts';
import { renderLetterPdf } from '../messaging/render-letter-pdf.ts';
import { renderMessage } from '../messaging/render-message.ts';
import { readPdfText } from '../messaging/testing/read-pdf-text.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildMessage,
  buildOrganisation,
} from '../messaging/testing/message-factories.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { FOURTEEN_DAY_LETTER_TEMPLATE } from './profile-presets.ts';
import { createProfileFromPreset } from './profiles.ts';
import { statutoryCollectionCostsCents } from './statutory-collection-costs.ts';

let testDatabase: TestDatabase;
let database: DatabaseHandle;
let organisationId: string;
const messageIds: Record<string, string> = {};

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = testDatabase.database;
  organisationId = await buildOrganisation(database);
  await withOrganisation(database, organisationId, (trx) =>
    createProfileFromPreset(trx, { organisationId, actor: 'test' }, { preset: 'b2c-nl' }),
  );
  const entity = await buildEntity(database, organisationId);
  for (const language of ['nl', 'en', 'de', 'fr']) {
    const debtor = await buildDebtor(database, entity, { language });
    const invoice = await buildInvoice(database, debtor, { amount_minor: 123_456 });
    messageIds[language] = await buildMessage(database, {
      entity,
      debtor,
      invoices: [invoice],
      templateKey: FOURTEEN_DAY_LETTER_TEMPLATE,
      channel: 'letter',
    });
  }
}, 180_000);

afterAll(async () => {
  await testDatabase.drop();
});

/** Renders the letter's text as the letter PDF does. */
async function renderText(language: string): Promise<{ text: string; costs: string }> {
  return withOrganisation(database, organisationId, async (trx) => {
    const prepared = await prepareMessage(trx, { messageId: messageIds[language] ?? '' });
    const costs = formatMessageAmount(statutoryCollectionCostsCents(123_456), 'EUR', language);
    const text: string = await prepared.templates.text.renderFile(
      `${prepared.language}/${FOURTEEN_DAY_LETTER_TEMPLATE}/text`,
      { ...prepared.fields, text_layout: 'layouts/email.text' },
    );
    return {
      text: text.replace(/[\u00a0\u202f]/g, ' '),
      costs: costs.replace(/[\u00a0\u202f]/g, ' '),
    };
  });
}

describe('fourteen-day letter', () => {
  it.each([
    ['nl', 'binnen veertien dagen, gerekend vanaf de dag nadat deze brief bij u is bezorgd'],
    ['en', 'within fourteen days, counted from the day after this letter is delivered to you'],
    ['de', 'innerhalb von vierzehn Tagen, gerechnet ab dem Tag nach der Zustellung'],
    ['fr', 'dans un délai de quatorze jours à compter du lendemain de la réception'],
  ])('%s states the term and the costs', async (language, term) => {
    const { text, costs } = await renderText(language);

    expect(text).toContain(term);
    expect(text).toContain(costs);
    expect(costs).toMatch(/185[.,]18/);
  });

  it('renders as e-mail and as letter PDF with the costs', async () => {
    const { rendered, pdf } = await withOrganisation(database, organisationId, async (trx) => ({
      rendered: await renderMessage(trx, { messageId: messageIds.nl ?? '' }),
      pdf: await renderLetterPdf(trx, { messageId: messageIds.nl ?? '', compress: false }),
    }));
    const pdfText = readPdfText(pdf)
      .runs.map((run) => run.text)
      .join(' ');

    expect(rendered.text.replace(/[\u00a0\u202f]/g, ' ')).toMatch(/185,18/);
    expect(pdfText).toMatch(/185,18/);
  });
});
