import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import type { Entity } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { inlineImagesForPreview, renderMessage } from './render-message.ts';
import { decodeQrPng } from './testing/decode-qr.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildMessage,
  buildOrganisation,
} from './testing/message-factories.ts';

let testDatabase: TestDatabase;
let database: DatabaseHandle;
let organisationId: string;
let dutchEntity: Entity;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = testDatabase.database;
  organisationId = await buildOrganisation(database);
  dutchEntity = await buildEntity(database, organisationId);
});

afterAll(async () => {
  await testDatabase.drop();
});

const plainSpaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

async function renderFor(
  entity: Entity,
  debtor: Parameters<typeof buildDebtor>[2],
  options: { currency?: string; language?: string; number?: string } = {},
) {
  const debtorRow = await buildDebtor(database, entity, debtor);
  const invoice = await buildInvoice(database, debtorRow, {
    currency: options.currency ?? 'EUR',
    ...(options.number ? { number: options.number } : {}),
  });
  const messageId = await buildMessage(database, {
    entity,
    debtor: debtorRow,
    invoices: [invoice],
    ...(options.language ? { language: options.language } : {}),
  });

  return withOrganisation(database, entity.organisation_id, (trx) =>
    renderMessage(trx, { messageId }),
  );
}

describe('renderMessage language', () => {
  it('writes Dutch to a Dutch debtor', async () => {
    const rendered = await renderFor(dutchEntity, { language: 'nl' });

    expect(rendered.language).toBe('nl');
    expect(rendered.subject).toBe('Betalingsherinnering – Acme Holland B.V.');
    expect(rendered.html).toContain('<html lang="nl">');
    expect(rendered.html).toContain('<th>Vervaldatum</th>');
    expect(plainSpaces(rendered.text)).toContain('Totaal openstaand: € 1.234,56');
    expect(rendered.text).toContain('Vervaldatum: 03-05-2024');
    expect(rendered.text).toContain('Openstaande facturen per 15 mei 2024');
  });

  it('writes English to an English debtor', async () => {
    const rendered = await renderFor(dutchEntity, { language: 'en' });

    expect(rendered.language).toBe('en');
    expect(rendered.subject).toBe('Payment reminder – Acme Holland B.V.');
    expect(rendered.text).toContain('Total open: €1,234.56');
    expect(rendered.text).toContain('Due date: 3 May 2024');
    expect(rendered.text).not.toContain('Vervaldatum');
  });

  it('uses the entity language without a debtor language', async () => {
    const rendered = await renderFor(dutchEntity, { language: null });

    expect(rendered.language).toBe('nl');
    expect(rendered.subject).toContain('Betalingsherinnering');
  });

  it('falls back to the entity language without templates', async () => {
    const rendered = await renderFor(dutchEntity, { language: 'it' });

    expect(rendered.language).toBe('nl');
  });

  it('falls back to English last', async () => {
    const italianEntity = await buildEntity(database, organisationId, {
      country: 'IT',
      language: 'it',
    });
    const rendered = await renderFor(italianEntity, { language: null });

    expect(rendered.language).toBe('en');
    expect(rendered.subject).toContain('Payment reminder');
  });
});

describe('renderMessage French debtor', () => {
  it('writes the whole message in French', async () => {
    const rendered = await renderFor(
      dutchEntity,
      { name: 'Société Exemple', language: 'fr' },
      { number: 'F-1' },
    );
    const html = plainSpaces(rendered.html);
    const text = plainSpaces(rendered.text);

    expect(rendered.subject).toBe('Rappel de paiement – Acme Holland B.V.');
    expect(html).toContain('<th>Date de facture</th>');
    expect(html).toContain('<th>Échéance</th>');
    expect(html).toContain('<th style="text-align:right;">Restant dû</th>');
    expect(html).toContain('<td colspan="5">Total restant dû</td>');
    expect(html).toContain('<td style="white-space:nowrap;">03/05/2024</td>');
    expect(html).toContain('1 234,56 €');
    expect(html).toContain('Sauf erreur de notre part');
    expect(text).toContain('Échéance : 03/05/2024');
    expect(text).toContain('Total restant dû : 1 234,56 €');
    for (const english of ['Invoice', 'Due date', 'Total open', 'Dear', 'Kind regards']) {
      expect(html).not.toContain(english);
      expect(text).not.toContain(english);
    }
  });
});

describe('renderMessage escaping', () => {
  const name = 'Müller & Söhne <"Test">';

  it('escapes debtor data in html', async () => {
    const rendered = await renderFor(dutchEntity, { name, language: 'en' }, { number: 'A&B<1>' });

    expect(rendered.html).toContain('<br>Müller &amp; Söhne &lt;&#34;Test&#34;&gt; &middot;');
    expect(rendered.html).toContain('<td>A&amp;B&lt;1&gt;</td>');
    expect(rendered.html).not.toContain(name);
    expect(rendered.html).not.toContain('A&B<1>');
  });

  it('keeps debtor data plain in text', async () => {
    const rendered = await renderFor(dutchEntity, { name, language: 'en' }, { number: 'A&B<2>' });

    expect(rendered.text).toContain(`${name} | Customer number: D-`);
    expect(rendered.text).toContain('Invoice A&B<2>');
    expect(rendered.text).not.toContain('&amp;');
    expect(rendered.text).not.toContain('&lt;');
    expect(rendered.text).not.toContain('&#34;');
  });

  it('escapes the contact name in the salutation', async () => {
    const debtor = await buildDebtor(database, dutchEntity, { language: 'en' });
    await withOrganisation(database, organisationId, (trx) =>
      trx
        .insertInto('contacts')
        .values({ organisation_id: organisationId, debtor_id: debtor.id, role: 'reminders', name })
        .execute(),
    );
    const invoice = await buildInvoice(database, debtor);
    const messageId = await buildMessage(database, {
      entity: dutchEntity,
      debtor,
      invoices: [invoice],
    });
    const rendered = await withOrganisation(database, organisationId, (trx) =>
      renderMessage(trx, { messageId }),
    );

    expect(rendered.html).toContain('<p>Dear Müller &amp; Söhne &lt;&#34;Test&#34;&gt;,</p>');
    expect(rendered.text).toContain(`Dear ${name},`);
  });
});

describe('renderMessage payment', () => {
  it('carries the RF reference and an EPC QR code', async () => {
    const rendered = await renderFor(dutchEntity, { language: 'en' });
    const qr = rendered.attachments.find((attachment) => attachment.cid);

    expect(rendered.text).toContain('Payment reference: RF18 5390 0754 7034');
    expect(rendered.html).toContain('RF18 5390 0754 7034');
    expect(rendered.html).toContain(`src="cid:${qr?.cid}"`);
    expect(qr?.contentType).toBe('image/png');
    const payload = decodeQrPng(qr?.content ?? Buffer.alloc(0)).split(/\r?\n/);
    expect(payload.slice(0, 4)).toEqual(['BCD', '002', '1', 'SCT']);
    expect(payload).toContain('NL91ABNA0417164300');
    expect(payload).toContain('Acme Holland B.V.');
    expect(payload).toContain('EUR1234.56');
    expect(payload).toContain('RF18539007547034');
  });

  it('inlines the QR code for a preview', async () => {
    const rendered = await renderFor(dutchEntity, { language: 'en' });
    const html = inlineImagesForPreview(rendered);

    expect(html).toContain('src="data:image/png;base64,iVBOR');
    expect(html).not.toContain('cid:');
  });

  it('has no QR code for other currencies', async () => {
    const rendered = await renderFor(dutchEntity, { language: 'en' }, { currency: 'USD' });

    expect(rendered.attachments).toEqual([]);
    expect(rendered.html).not.toContain('cid:');
    expect(rendered.text).toContain('Total open: US$1,234.56');
  });

  it('has no payment block without an IBAN', async () => {
    const entity = await buildEntity(database, organisationId, { iban: undefined });
    const rendered = await renderFor(entity, { language: 'en' });

    expect(entity.iban).toBeNull();
    expect(rendered.attachments).toEqual([]);
    expect(rendered.text).not.toContain('IBAN');
  });
});
