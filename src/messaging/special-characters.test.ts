import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import type { Entity } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { prepareMessage } from './prepare-message.ts';
import { renderLetterPdf } from './render-letter-pdf.ts';
import { renderMessage } from './render-message.ts';
import { renderPreparedSms } from './render-sms-text.ts';
import { readPdfText } from './testing/read-pdf-text.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildMessage,
  buildOrganisation,
} from './testing/message-factories.ts';

const DEBTOR_NAME = 'Müller & Zoon "De Brug" <BV>';
const CONTACT_NAME = "Françoise O'Brien-Ørsted 🙂";
const STREET = 'Hauptstraße 5 & Co';

let testDatabase: TestDatabase;
let database: DatabaseHandle;
let organisationId: string;
let dutchEntity: Entity;
let messageIds: Record<'email' | 'letter' | 'sms', string>;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = testDatabase.database;
  organisationId = await buildOrganisation(database);
  dutchEntity = await buildEntity(database, organisationId);
  const debtor = await buildDebtor(database, dutchEntity, {
    name: DEBTOR_NAME,
    language: 'nl',
    address_line: STREET,
  });
  await withOrganisation(database, organisationId, (trx) =>
    trx
      .insertInto('contacts')
      .values({
        organisation_id: organisationId,
        debtor_id: debtor.id,
        role: 'reminders',
        name: CONTACT_NAME,
        email: 'francoise@example.test',
      })
      .execute(),
  );
  const invoice = await buildInvoice(database, debtor, { number: 'F&1<2>' });
  const build = (channel: 'email' | 'letter' | 'sms') =>
    buildMessage(database, { entity: dutchEntity, debtor, invoices: [invoice], channel });
  messageIds = {
    email: await build('email'),
    letter: await build('letter'),
    sms: await build('sms'),
  };
}, 180_000);

afterAll(async () => {
  await testDatabase.drop();
});

describe('special characters in e-mail', () => {
  it('escapes the html part exactly once', async () => {
    const rendered = await withOrganisation(database, organisationId, (trx) =>
      renderMessage(trx, { messageId: messageIds.email }),
    );

    expect(rendered.html).toContain('Müller &amp; Zoon &#34;De Brug&#34; &lt;BV&gt;');
    expect(rendered.html).toContain('<p>Geachte Françoise O&#39;Brien-Ørsted 🙂,</p>');
    expect(rendered.html).toContain('<td>F&amp;1&lt;2&gt;</td>');
    expect(rendered.html).not.toContain('&amp;amp;');
    expect(rendered.html).not.toContain('&amp;#');
    expect(rendered.html).not.toContain(DEBTOR_NAME);
    expect(rendered.html).not.toContain('<BV>');
  });

  it('keeps the text part and subject unescaped', async () => {
    const rendered = await withOrganisation(database, organisationId, (trx) =>
      renderMessage(trx, { messageId: messageIds.email }),
    );

    expect(rendered.text).toContain(`${DEBTOR_NAME} | Klantnummer: D-`);
    expect(rendered.text).toContain(`Geachte ${CONTACT_NAME},`);
    expect(rendered.text).toContain('Factuur F&1<2>');
    for (const entity of ['&amp;', '&lt;', '&gt;', '&#34;', '&#39;', '&quot;']) {
      expect(rendered.text).not.toContain(entity);
    }
  });
});

describe('special characters in SMS', () => {
  it('keeps names, accents and emoji unescaped', async () => {
    const sms = await withOrganisation(database, organisationId, async (trx) =>
      renderPreparedSms(
        await prepareMessage(trx, { messageId: messageIds.sms }),
        '{{ contact.name }}, {{ debtor.name }}: {{ total }}',
      ),
    );

    expect(sms.text).toBe(`${CONTACT_NAME}, ${DEBTOR_NAME}: € 1.234,56`);
    expect(sms.measurement.encoding).toBe('UCS-2');
  });

  it('renders the stock template in GSM-7', async () => {
    const sms = await withOrganisation(database, organisationId, async (trx) =>
      renderPreparedSms(await prepareMessage(trx, { messageId: messageIds.sms })),
    );

    expect(sms.text).toContain('€ 1.234,56');
    expect(sms.text).not.toContain('&');
    expect(sms.measurement.encoding).toBe('GSM-7');
  });
});

describe('special characters in the letter PDF', () => {
  it('prints accents and replaces the emoji visibly', async () => {
    const pdf = await withOrganisation(database, organisationId, (trx) =>
      renderLetterPdf(trx, { messageId: messageIds.letter, compress: false }),
    );
    const runs = readPdfText(pdf).runs.map((run) => run.text);
    const text = runs.join('\n');

    expect(runs).toContain(DEBTOR_NAME);
    expect(runs).toContain(`T.a.v. Françoise O'Brien-Ørsted ?`);
    expect(runs).toContain(STREET);
    expect(text).toContain("Geachte Françoise O'Brien-Ørsted ?,");
    expect(text).toContain('F&1<2>');
    expect(text).not.toContain('&amp;');
    expect(text).not.toContain('🙂');
  });
});

describe('formats of the debtor language', () => {
  const cases = [
    { language: 'nl', amount: '€ 1.234,56', date: '03-05-2024' },
    { language: 'de', amount: '1.234,56 €', date: '03.05.2024' },
    { language: 'fr', amount: '1 234,56 €', date: '03/05/2024' },
    { language: 'en', amount: '€1,234.56', date: '3 May 2024' },
  ];

  it.each(cases)('writes to a $language debtor of a German entity', async (expected) => {
    const germanEntity = await buildEntity(database, organisationId, {
      country: 'DE',
      language: 'de',
      name: 'Beispiel GmbH',
    });
    const entityLanguage = germanEntity.language;
    const debtor = await buildDebtor(database, germanEntity, { language: expected.language });
    const invoice = await buildInvoice(database, debtor);
    const messageId = await buildMessage(database, {
      entity: germanEntity,
      debtor,
      invoices: [invoice],
    });
    const rendered = await withOrganisation(database, organisationId, (trx) =>
      renderMessage(trx, { messageId }),
    );
    const text = rendered.text.replace(/[\u00a0\u202f]/g, ' ');

    expect(entityLanguage).toBe('de');
    expect(rendered.language).toBe(expected.language);
    expect(text).toContain(expected.amount);
    expect(text).toContain(expected.date);
  });
});
