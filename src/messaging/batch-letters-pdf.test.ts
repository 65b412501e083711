import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import type { Entity } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import { AppError } from '../errors.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { renderBatchLettersPdf } from './batch-letters-pdf.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildMessage,
  buildOrganisation,
} from './testing/message-factories.ts';
import { readPdfPages, type PdfTextRun } from './testing/read-pdf-text.ts';

let testDatabase: TestDatabase;
let database: DatabaseHandle;
let organisationId: string;
let entity: Entity;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = testDatabase.database;
  organisationId = await buildOrganisation(database);
  entity = await buildEntity(database, organisationId);
});

afterAll(async () => {
  await testDatabase.drop();
});

/** Adds a final notice for a new debtor with this number and name to the batch of `asOf`. */
async function letterFor(
  asOf: string,
  debtor: { number: string; name: string; invoiceCount?: number },
  overrides: { status?: 'removed' | 'approved'; channel?: 'letter' | 'email' } = {},
): Promise<string> {
  const row = await buildDebtor(database, entity, { name: debtor.name, language: 'en' });
  await withOrganisation(database, organisationId, (trx) =>
    trx.updateTable('debtors').set({ number: debtor.number }).where('id', '=', row.id).execute(),
  );
  const invoices = [];
  for (let index = 0; index < (debtor.invoiceCount ?? 1); index += 1) {
    invoices.push(await buildInvoice(database, row, { number: `${debtor.number}-F-${index + 1}` }));
  }
  const messageId = await buildMessage(database, {
    entity,
    debtor: { ...row, number: debtor.number },
    invoices,
    channel: overrides.channel ?? 'letter',
    templateKey: 'final-notice',
    asOf,
    ...(overrides.status ? { status: overrides.status } : {}),
  });

  return withOrganisation(database, organisationId, async (trx) => {
    const message = await trx
      .selectFrom('messages')
      .select('batch_id')
      .where('id', '=', messageId)
      .executeTakeFirstOrThrow();
    return message.batch_id;
  });
}

function render(batchId: string): Promise<Buffer> {
  return withOrganisation(database, organisationId, (trx) =>
    renderBatchLettersPdf(trx, { batchId, compress: false }),
  );
}

async function renderError(batchId: string): Promise<unknown> {
  try {
    await render(batchId);
  } catch (error) {
    return error;
  }
  throw new Error('renderBatchLettersPdf returned a PDF; an error was expected.');
}

const pageText = (runs: PdfTextRun[]) => runs.map((run) => run.text).join('\n');

/** Returns the "n/m" page number of the letter footer on a page, or null on a blank page. */
const footerNumber = (runs: PdfTextRun[]) =>
  runs.map((run) => /(\d+\/\d+)$/.exec(run.text)?.[1]).find((number) => number) ?? null;

describe('renderBatchLettersPdf', () => {
  let pages: PdfTextRun[][];

  beforeAll(async () => {
    // Made out of debtor number order, so that the PDF has to sort them.
    await letterFor('2024-06-03', { number: '1003', name: 'Cobalt Trading' });
    await letterFor('2024-06-03', { number: '1002', name: 'Beryl Supplies', invoiceCount: 40 });
    await letterFor('2024-06-03', { number: '1004', name: 'Dross Removed' }, { status: 'removed' });
    const batchId = await letterFor('2024-06-03', { number: '1001', name: 'Amber Works' });
    pages = readPdfPages(await render(batchId));
  });

  it('counts letters, blank and overflow pages', () => {
    // Amber 1 page + blank, Beryl 2 pages, Cobalt 1 page.
    expect(pages).toHaveLength(5);
  });

  it('starts each letter on an odd page', () => {
    expect(footerNumber(pages[0] ?? [])).toBe('1/1');
    expect(footerNumber(pages[1] ?? [])).toBeNull();
    expect(footerNumber(pages[2] ?? [])).toBe('1/2');
    expect(footerNumber(pages[3] ?? [])).toBe('2/2');
    expect(footerNumber(pages[4] ?? [])).toBe('1/1');
  });

  it('leaves the duplex page blank', () => {
    expect(pages[1]).toEqual([]);
  });

  it('prints debtors in number order', () => {
    expect(pageText(pages[0] ?? [])).toContain('Amber Works');
    expect(pageText(pages[2] ?? [])).toContain('Beryl Supplies');
    expect(pageText(pages[4] ?? [])).toContain('Cobalt Trading');
  });

  it('leaves removed letters out', () => {
    expect(pages.map(pageText).join('\n')).not.toContain('Dross Removed');
  });
});

describe('renderBatchLettersPdf errors', () => {
  it('rejects an e-mail batch', async () => {
    const batchId = await letterFor(
      '2024-06-04',
      { number: '2001', name: 'Mail Only' },
      { channel: 'email' },
    );

    const error = await renderError(batchId);

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('conflict');
    expect((error as AppError).message).toContain('email batch');
  });

  it('rejects a batch without letters', async () => {
    const batchId = await letterFor(
      '2024-06-05',
      { number: '3001', name: 'All Removed' },
      { status: 'removed' },
    );

    const error = await renderError(batchId);

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('conflict');
  });

  it('reports an unknown batch as not found', async () => {
    const error = await renderError('00000000-0000-4000-8000-000000000000');

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('not_found');
  });
});
