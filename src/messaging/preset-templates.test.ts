import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import type { Debtor, Entity } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import { PROFILE_PRESETS } from '../profiles/profile-presets.ts';
import { createProfileFromPreset } from '../profiles/profiles.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { prepareMessage } from './prepare-message.ts';
import { renderLetterPdf } from './render-letter-pdf.ts';
import { renderMessage, templatePath, type TemplatePart } from './render-message.ts';
import { renderPreparedSms } from './render-sms-text.ts';
import { readPdfText } from './testing/read-pdf-text.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildMessage,
  buildOrganisation,
} from './testing/message-factories.ts';

const LANGUAGES = ['nl', 'en', 'de', 'fr'] as const;

/**
 * Every template key of a preset step that writes a message. Call steps
 * make call tasks, which no template renders, so their key is left out.
 */
const messageTemplateKeys = [
  ...new Set(
    PROFILE_PRESETS.flatMap((preset) => preset.steps)
      .filter((step) => step.channel !== 'call')
      .map((step) => step.templateKey),
  ),
];

/** Text that shows a merge field or tag was left unfilled or filled with nothing useful. */
const UNFILLED = /\{\{|\}\}|\{%|%\}|\{name\}|\bundefined\b|\bnull\b|\bNaN\b|\[object /;

let testDatabase: TestDatabase;
let database: DatabaseHandle;
let organisationId: string;
let entity: Entity;
const debtors = new Map<string, Debtor>();

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = testDatabase.database;
  organisationId = await buildOrganisation(database);
  // The seeded standard profile lacks the fourteen-day letter; the consumer preset has it.
  await withOrganisation(database, organisationId, (trx) =>
    createProfileFromPreset(trx, { organisationId, actor: 'test' }, { preset: 'b2c-nl' }),
  );
  entity = await buildEntity(database, organisationId);
  for (const language of LANGUAGES) {
    const debtor = await buildDebtor(database, entity, { language });
    await withOrganisation(database, organisationId, (trx) =>
      trx
        .insertInto('contacts')
        .values({
          organisation_id: organisationId,
          debtor_id: debtor.id,
          role: 'reminders',
          name: 'Jan Jansen',
          email: 'jan@example.test',
        })
        .execute(),
    );
    debtors.set(language, debtor);
  }
}, 180_000);

afterAll(async () => {
  await testDatabase.drop();
});

async function messageFor(
  language: string,
  templateKey: string,
  channel: 'email' | 'letter' | 'sms',
): Promise<string> {
  const debtor = debtors.get(language);
  if (!debtor) {
    throw new Error(`No test debtor for ${language}`);
  }
  const invoice = await buildInvoice(database, debtor);

  return buildMessage(database, { entity, debtor, invoices: [invoice], templateKey, channel });
}

/** Renders one stored part with strict variables, so a merge field name that does not exist throws. */
async function renderStrict(messageId: string, part: TemplatePart, layout?: string) {
  return withOrganisation(database, organisationId, async (trx) => {
    const prepared = await prepareMessage(trx, { messageId, publicUrl: 'https://collecta.test' });
    const engine = part === 'html' ? prepared.templates.html : prepared.templates.text;
    const data = { ...prepared.fields, subject: 'Subject', text_layout: layout };
    const output: string = await engine.renderFile(templatePath(prepared, part), data, {
      strictVariables: true,
    });
    return { output, language: prepared.language };
  });
}

it('covers every message template key of the presets', () => {
  expect(messageTemplateKeys.sort()).toEqual([
    'courtesy',
    'final-notice',
    'fourteen-day-letter',
    'reminder-1',
    'reminder-2',
  ]);
});

describe.each(messageTemplateKeys)('template %s', (templateKey) => {
  it.each(LANGUAGES)('renders the e-mail in %s', async (language) => {
    const messageId = await messageFor(language, templateKey, 'email');
    const rendered = await withOrganisation(database, organisationId, (trx) =>
      renderMessage(trx, { messageId }),
    );

    expect(rendered.language).toBe(language);
    expect(rendered.subject.length).toBeGreaterThan(0);
    expect(rendered.subject).not.toMatch(UNFILLED);
    expect(rendered.html).toContain(`<html lang="${language}">`);
    expect(rendered.html).not.toMatch(UNFILLED);
    expect(rendered.text).toContain('Jan Jansen');
    expect(rendered.text).not.toMatch(UNFILLED);
    for (const part of ['subject', 'html', 'text'] as const) {
      const layout = part === 'text' ? 'layouts/email.text' : undefined;
      const strict = await renderStrict(messageId, part, layout);
      expect(strict.language).toBe(language);
      expect(strict.output).not.toMatch(UNFILLED);
    }
  });

  it.each(LANGUAGES)('renders the letter in %s', async (language) => {
    const messageId = await messageFor(language, templateKey, 'letter');
    const pdf = await withOrganisation(database, organisationId, (trx) =>
      renderLetterPdf(trx, { messageId, compress: false }),
    );
    const text = readPdfText(pdf)
      .runs.map((run) => run.text)
      .join('\n');

    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(text).toContain('Jan Jansen');
    expect(text).not.toMatch(UNFILLED);
    for (const layout of ['layouts/letter-intro.text', 'layouts/letter-outro.text']) {
      const strict = await renderStrict(messageId, 'text', layout);
      expect(strict.output).not.toMatch(UNFILLED);
    }
  });

  it.each(LANGUAGES)('renders the SMS in %s', async (language) => {
    const messageId = await messageFor(language, templateKey, 'sms');
    const sms = await withOrganisation(database, organisationId, async (trx) =>
      renderPreparedSms(await prepareMessage(trx, { messageId })),
    );
    const strict = await renderStrict(messageId, 'sms');

    expect(sms.text).toContain('Acme Holland B.V.');
    expect(sms.text).toContain('RF18 5390 0754 7034');
    expect(sms.text).not.toMatch(UNFILLED);
    expect(sms.text).not.toContain('\n');
    expect(sms.measurement.encoding).toBe('GSM-7');
    expect(sms.measurement.segments).toBeLessThanOrEqual(3);
    expect(strict.language).toBe(language);
    expect(strict.output).not.toMatch(UNFILLED);
  });
});
