import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import type { Entity } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import { setEntityLogo } from '../entities/set-entity-logo.ts';
import { buildLogoPng } from '../testing/build-logo-png.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import {
  ADDRESS_WINDOW,
  BOTTOM_LIMIT,
  LOGO_BOX,
  MM,
  RETURN_ZONE_HEIGHT,
} from './letter-geometry.ts';
import { loadTemplateSet, type MessageLabels } from './template-store.ts';
import { renderLetterPdf } from './render-letter-pdf.ts';
import { readPdfText, type PdfTextRun } from './testing/read-pdf-text.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildMessage,
  buildOrganisation,
} from './testing/message-factories.ts';

let testDatabase: TestDatabase;
let database: DatabaseHandle;
let entity: Entity;
let entityWithLogo: Entity;
let demoEntity: Entity;
let longEntity: Entity;

const demoAddress = { addressLine: 'Havenweg 14', postalCode: '1013 AB', city: 'Amsterdam' };
const longAddress = {
  addressLine: 'Burgemeester van Haersoltelaan 1234-A',
  postalCode: '1013 AB',
  city: 'Amsterdam-Westpoort',
};
const longName = 'Internationale Handelsmaatschappij Noordzee Kantoorinrichting B.V.';

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = testDatabase.database;
  const organisationId = await buildOrganisation(database);
  entity = await buildEntity(database, organisationId);
  entityWithLogo = await buildEntity(database, organisationId);
  await withOrganisation(database, organisationId, (trx) =>
    setEntityLogo(trx, {
      organisationId,
      entityId: entityWithLogo.id,
      actor: 'test',
      content: buildLogoPng(300, 60),
    }),
  );
  demoEntity = await buildEntity(database, organisationId, {
    name: 'Noordzee Kantoorinrichting B.V.',
    ...demoAddress,
  });
  longEntity = await buildEntity(database, organisationId, { name: longName, ...longAddress });
  await withOrganisation(database, organisationId, (trx) =>
    trx
      .updateTable('entities')
      .set({ vat_number: 'NL861234567B01' })
      .where('id', 'in', [demoEntity.id, longEntity.id])
      .execute(),
  );
});

afterAll(async () => {
  await testDatabase.drop();
});

const plainSpaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

async function letterFor(
  debtor: Parameters<typeof buildDebtor>[2],
  options: {
    invoiceCount?: number;
    currency?: string;
    compress?: boolean;
    sender?: Entity;
    amountMinor?: number;
    invoicePrefix?: string;
  } = {},
): Promise<Buffer> {
  const sender = options.sender ?? entity;
  const debtorRow = await buildDebtor(database, sender, debtor);
  const invoices = [];
  for (let index = 0; index < (options.invoiceCount ?? 1); index += 1) {
    invoices.push(
      await buildInvoice(database, debtorRow, {
        number: `${options.invoicePrefix ?? debtorRow.number}-F-${index + 1}`,
        currency: options.currency ?? 'EUR',
        ...(options.amountMinor ? { amount_minor: options.amountMinor } : {}),
      }),
    );
  }
  const messageId = await buildMessage(database, {
    entity: sender,
    debtor: debtorRow,
    invoices,
    channel: 'letter',
    templateKey: 'final-notice',
  });

  return withOrganisation(database, sender.organisation_id, (trx) =>
    renderLetterPdf(trx, { messageId, compress: options.compress ?? false }),
  );
}

/**
 * Reads where pdfkit draws the first image, in millimetres from the top left. pdfkit flips the
 * page so y counts down, then draws the image with `w 0 0 -h x y cm` where y is its bottom edge.
 */
function findImagePlacement(pdf: Buffer) {
  const match = /([\d.]+) 0 0 -([\d.]+) ([\d.]+) ([\d.]+) cm\s+\/I\d+ Do/.exec(
    pdf.toString('latin1'),
  );
  if (!match) {
    throw new Error('No image drawn in the PDF.');
  }
  const [width, height, x, y] = match.slice(1, 5).map((value) => Number(value) / MM) as [
    number,
    number,
    number,
    number,
  ];

  return { left: x, top: y - height, width, height };
}

function findRun(runs: PdfTextRun[], text: string): PdfTextRun {
  const run = runs.find((candidate) => plainSpaces(candidate.text) === text);
  if (!run) {
    throw new Error(`No text "${text}" in the PDF; found: ${runs.map((r) => r.text).join(' | ')}`);
  }
  return run;
}

/**
 * Checks that `text` was drawn whole as consecutive runs, one per line, that
 * break only at `separator`. pdfkit keeps the space at the end of a wrapped line.
 */
function isDrawnWhole(runs: PdfTextRun[], text: string, separator: string): boolean {
  const texts = runs.map((run) => plainSpaces(run.text).trimEnd());

  return texts.some((_, start) => {
    let joined = '';
    for (const next of texts.slice(start)) {
      joined = joined === '' ? next : `${joined}${separator}${next}`;
      if (joined === text) {
        return true;
      }
      if (!text.startsWith(joined)) {
        return false;
      }
    }
    return false;
  });
}

/** Runs drawn in the return zone: the part of the window above the recipient's address. */
function returnZoneRuns(runs: PdfTextRun[]): PdfTextRun[] {
  return runs.filter(
    (run) => insideWindow(run) && run.yMm < ADDRESS_WINDOW.top + RETURN_ZONE_HEIGHT,
  );
}

const languages = ['nl', 'en', 'de', 'fr'] as const;

function insideWindow(run: PdfTextRun): boolean {
  const right = ADDRESS_WINDOW.left + ADDRESS_WINDOW.width;
  const bottom = ADDRESS_WINDOW.top + ADDRESS_WINDOW.height;

  return (
    run.xMm >= ADDRESS_WINDOW.left &&
    run.xMm < right &&
    run.yMm > ADDRESS_WINDOW.top &&
    run.yMm < bottom
  );
}

describe('renderLetterPdf', () => {
  it('is an A4 PDF', async () => {
    const pdf = await letterFor({ language: 'nl' }, { compress: true });
    const source = pdf.toString('latin1');

    expect(source.startsWith('%PDF-')).toBe(true);
    expect(source).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    expect(source).toContain('/FlateDecode');
  });

  it('puts the address in the envelope window', async () => {
    const name = 'Müller & Söhne <"Test">';
    const { runs } = readPdfText(await letterFor({ name, language: 'de' }));

    expect(insideWindow(findRun(runs, name))).toBe(true);
    expect(insideWindow(findRun(runs, 'Stationsstraat 12'))).toBe(true);
    expect(insideWindow(findRun(runs, '3511 ED Utrecht'))).toBe(true);
    expect(
      insideWindow(findRun(runs, 'Acme Holland B.V. · Keizersgracht 1 · 1015 AA Amsterdam')),
    ).toBe(true);
    expect(insideWindow(findRun(runs, 'Kundennummer'))).toBe(false);
    expect(
      insideWindow(findRun(runs, 'Letzte Mahnung – überfällige Rechnungen Acme Holland B.V.')),
    ).toBe(false);
  });

  it('shortens a name wider than the window', async () => {
    const name = 'Internationale Handelsmaatschappij voor Kantoorbenodigdheden en Meubilair B.V.';
    const { runs } = readPdfText(await letterFor({ name, language: 'nl' }));
    const missing = { text: '', xMm: -1, yMm: -1 };
    const nameRun = runs.find((run) => run.text.startsWith('Internationale Handels')) ?? missing;

    expect(nameRun.text.endsWith('…')).toBe(true);
    expect(insideWindow(nameRun)).toBe(true);
    expect(runs.some((run) => run.text.includes('Meubilair'))).toBe(false);
  });

  it('prints a foreign country in the address', async () => {
    const { runs } = readPdfText(await letterFor({ language: 'de', country: 'DE' }));

    expect(insideWindow(findRun(runs, 'DEUTSCHLAND'))).toBe(true);
  });

  it('prints the Dutch letter content', async () => {
    const { runs } = readPdfText(await letterFor({ language: 'nl' }));
    const texts = runs.map((run) => plainSpaces(run.text));

    expect(texts).toContain('Laatste aanmaning – vervallen facturen Acme Holland B.V.');
    expect(texts).toContain('Geachte heer, mevrouw,');
    expect(texts).toContain('15 mei 2024');
    expect(texts).toContain('03-05-2024');
    expect(texts).toContain('€ 1.234,56');
    expect(texts).toContain('Totaal openstaand');
    expect(texts).toContain('NL91 ABNA 0417 1643 00');
    expect(texts).toContain('ABNANL2A');
    expect(texts).toContain('RF18 5390 0754 7034');
    expect(texts).toContain('Met vriendelijke groet,');
  });

  it('prints the French letter in French', async () => {
    const { runs } = readPdfText(await letterFor({ name: 'Société Exemple', language: 'fr' }));
    const texts = runs.map((run) => plainSpaces(run.text));

    expect(texts).toContain('Société Exemple');
    expect(texts).toContain('Échéance');
    expect(texts).toContain('Total restant dû');
    expect(texts).toContain('03/05/2024');
    expect(texts).toContain('1 234,56 €');
    expect(texts).toContain('Référence de paiement');
    expect(texts).not.toContain('Due date');
  });

  it('draws the QR code for EUR only', async () => {
    const euro = (await letterFor({ language: 'en' })).toString('latin1');
    const dollar = (await letterFor({ language: 'en' }, { currency: 'USD' })).toString('latin1');

    expect(euro).toContain('/Subtype /Image');
    expect(dollar).not.toContain('/Subtype /Image');
  });

  it('draws the logo at the top right', async () => {
    const pdf = await letterFor({ language: 'en' }, { currency: 'USD', sender: entityWithLogo });
    const { runs } = readPdfText(pdf);
    const logo = findImagePlacement(pdf);
    const senderStreet = findRun(runs, 'Keizersgracht 1');

    expect(pdf.toString('latin1')).toContain('/Subtype /Image');
    expect(logo.width).toBeCloseTo(LOGO_BOX.width, 1);
    expect(logo.height).toBeCloseTo(LOGO_BOX.width / 5, 1);
    expect(logo.left + logo.width).toBeCloseTo(LOGO_BOX.left + LOGO_BOX.width, 1);
    expect(logo.top).toBeCloseTo(LOGO_BOX.top, 1);
    expect(logo.top + logo.height).toBeLessThan(ADDRESS_WINDOW.top);
    expect(senderStreet.yMm).toBeGreaterThan(logo.top + logo.height);
  });

  it('renders without a logo', async () => {
    const pdf = await letterFor({ language: 'en' }, { currency: 'USD' });
    const { runs } = readPdfText(pdf);

    expect(pdf.toString('latin1')).not.toContain('/Subtype /Image');
    expect(findRun(runs, 'Keizersgracht 1').yMm).toBeLessThan(25);
  });

  it('continues a long table on the next page', async () => {
    const pdf = await letterFor({ language: 'en' }, { invoiceCount: 40 });
    const { runs } = readPdfText(pdf);
    const pages = pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? [];

    expect(pages.length).toBe(2);
    expect(runs.map((run) => run.text)).toContain('Page 2/2');
    expect(runs.filter((run) => run.text.endsWith('-F-40'))).toHaveLength(1);
  });

  describe('layout in every language', () => {
    const labelSet = loadTemplateSet().labels;
    const labelsOf = (language: string): MessageLabels => {
      const labels = labelSet.get(language);
      if (!labels) {
        throw new Error(`No labels for language ${language}.`);
      }
      return labels;
    };

    it.each(languages)('keeps the table headers whole (%s)', async (language) => {
      const labels = labelsOf(language);
      const pdf = await letterFor(
        { language },
        {
          sender: longEntity,
          amountMinor: 1_234_567_890_12,
          invoicePrefix: `INV-${language}-0001234567`,
        },
      );
      const { runs } = readPdfText(pdf);
      const headers = [
        labels.invoice_number,
        labels.invoice_date,
        labels.due_date,
        labels.days_past_due,
        labels.amount,
        labels.open_amount,
        labels.total,
      ];

      for (const header of headers) {
        expect(isDrawnWhole(runs, header, ' '), header).toBe(true);
      }
      expect(runs.map((run) => run.text)).toContain(`INV-${language}-0001234567-F-1`);
    });

    it('prints Rechnungsdatum unbroken', async () => {
      const { runs } = readPdfText(await letterFor({ language: 'de' }, { sender: demoEntity }));

      expect(runs.map((run) => run.text)).toContain('Rechnungsdatum');
    });

    it.each(languages)('prints the whole footer (%s)', async (language) => {
      const labels = labelsOf(language);
      const { runs } = readPdfText(await letterFor({ language }, { sender: longEntity }));
      const footerRuns = runs.filter((run) => run.yMm > BOTTOM_LIMIT / MM && run.xMm < 160);
      const footer = [
        longName,
        longAddress.addressLine,
        `${longAddress.postalCode} ${longAddress.city}`,
        `${labels.coc_number} 12345678`,
        `${labels.vat_number} NL861234567B01`,
      ].join(' · ');

      expect(isDrawnWhole(footerRuns, footer, ' · ')).toBe(true);
      expect(footerRuns.every((run) => !run.text.includes('…'))).toBe(true);
      expect(Math.max(...footerRuns.map((run) => run.yMm))).toBeLessThan(290);
    });

    it('keeps demo return address on one line', async () => {
      const { runs } = readPdfText(await letterFor({ language: 'de' }, { sender: demoEntity }));
      const returnRuns = returnZoneRuns(runs);

      expect(returnRuns.map((run) => plainSpaces(run.text))).toEqual([
        'Noordzee Kantoorinrichting B.V. · Havenweg 14 · 1013 AB Amsterdam',
      ]);
    });

    it.each(languages)('wraps a long return address (%s)', async (language) => {
      const { runs } = readPdfText(await letterFor({ language }, { sender: longEntity }));
      const returnRuns = returnZoneRuns(runs);
      const returnAddress = [
        longName,
        longAddress.addressLine,
        `${longAddress.postalCode} ${longAddress.city}`,
      ].join(' · ');

      expect(returnRuns).toHaveLength(2);
      expect(isDrawnWhole(returnRuns, returnAddress, ' · ')).toBe(true);
      expect(returnRuns.every((run) => !run.text.includes('…'))).toBe(true);
      expect(returnRuns.every((run) => run.yMm > ADDRESS_WINDOW.top)).toBe(true);
    });

    it('adds sender country abroad', async () => {
      const { runs } = readPdfText(await letterFor({ language: 'de', country: 'DE' }));

      expect(returnZoneRuns(runs).map((run) => plainSpaces(run.text))).toEqual([
        'Acme Holland B.V. · Keizersgracht 1 · 1015 AA Amsterdam · NIEDERLANDE',
      ]);
    });

    it('drops country before wrapping', async () => {
      const { runs } = readPdfText(
        await letterFor({ language: 'de', country: 'DE' }, { sender: demoEntity }),
      );

      expect(returnZoneRuns(runs).map((run) => plainSpaces(run.text))).toEqual([
        'Noordzee Kantoorinrichting B.V. · Havenweg 14 · 1013 AB Amsterdam',
      ]);
    });

    it('puts IBAN below wrapped beneficiary', async () => {
      const { runs } = readPdfText(await letterFor({ language: 'en' }, { sender: longEntity }));
      const beneficiaryLines = runs.filter(
        (run) => longName.includes(run.text) && run.xMm > 60 && run.yMm > 150,
      );
      const iban = findRun(runs, 'NL91 ABNA 0417 1643 00');

      expect(beneficiaryLines.length).toBeGreaterThan(1);
      expect(iban.yMm).toBeGreaterThan(Math.max(...beneficiaryLines.map((run) => run.yMm)) + 3);
    });
  });
});
