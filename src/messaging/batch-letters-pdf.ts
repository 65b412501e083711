import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { loadBatchSummaries } from '../dunning/list-batches.ts';
import { requireUuid } from '../dunning/require-uuid.ts';
import { AppError } from '../errors.ts';
import { drawLetter, openLetterDocument, type LetterContent } from './draw-letter-pdf.ts';
import { prepareMessage } from './prepare-message.ts';
import { buildLetterContent } from './render-letter-pdf.ts';

/**
 * Renders every letter of a letter batch into one A4 PDF for printing: the
 * messages that were not removed, in debtor number order as the batch
 * screen lists them. Each letter starts on a new odd page, so that a duplex
 * printer never prints two letters on one sheet: a blank page follows a
 * letter with an odd page count when another letter comes after it. Throws
 * "not_found" for an unknown batch and "conflict" for a batch of another
 * channel or without letters.
 */
export async function renderBatchLettersPdf(
  executor: Executor,
  params: {
    batchId: string;
    compress?: boolean;
    /** Collecta's public address, which the payment links start with. Without it the letters have none. */
    publicUrl?: string;
  },
): Promise<Buffer> {
  const batchId = requireUuid(params.batchId, 'Message batch');
  const [batch] = await loadBatchSummaries(executor, { batchId });
  if (!batch) {
    throw new AppError('not_found', `Message batch ${batchId} does not exist.`);
  }
  if (batch.channel !== 'letter') {
    throw new AppError(
      'conflict',
      `Message batch ${batchId} is a ${batch.channel} batch; only letter batches print as one PDF.`,
    );
  }
  const messageIds = await selectLetterIds(executor, batchId);
  if (messageIds.length === 0) {
    throw new AppError(
      'conflict',
      `Message batch ${batchId} has no letters to print, because every letter was removed.`,
    );
  }

  const contents: LetterContent[] = [];
  for (const messageId of messageIds) {
    const prepared = await prepareMessage(executor, { messageId, publicUrl: params.publicUrl });
    contents.push(await buildLetterContent(prepared, {}));
  }

  return drawLetters(contents, {
    title: `${batch.entityCode} ${batch.runDate}`,
    compress: params.compress ?? true,
  });
}

/** Draws the letters into one document, each from a new odd page. */
async function drawLetters(
  contents: LetterContent[],
  options: { title: string; compress: boolean },
): Promise<Buffer> {
  const [first] = contents;
  const { doc, finished } = openLetterDocument({
    language: first?.language ?? 'en',
    title: options.title,
    author: first?.sender.name ?? '',
    compress: options.compress,
  });
  for (const [index, content] of contents.entries()) {
    if (index > 0) {
      startOnOddPage(doc);
    }
    drawLetter(doc, content);
  }
  doc.end();

  return finished;
}

/** Returns the ids of the batch's letters that were not removed, by debtor number. */
async function selectLetterIds(executor: Executor, batchId: string): Promise<string[]> {
  const rows = await executor
    .selectFrom('messages as m')
    .innerJoin('debtors as d', 'd.id', 'm.debtor_id')
    // An instalment reminder has no step; it sorts before the debtor's step letters.
    .leftJoin('steps as s', 's.id', 'm.step_id')
    .select('m.id')
    .where('m.batch_id', '=', batchId)
    .where('m.channel', '=', 'letter')
    .where('m.status', '<>', 'removed')
    .orderBy('d.number')
    .orderBy(sql`coalesce(s.day_offset, -1000)`)
    .orderBy('m.id')
    .execute();

  return rows.map((row) => row.id);
}

/** Adds a page for the next letter, and a blank one before it when the page count so far is odd. */
function startOnOddPage(doc: PDFKit.PDFDocument): void {
  const range = doc.bufferedPageRange();
  if (range.count % 2 === 1) {
    doc.addPage();
  }
  doc.addPage();
}
