/**
 * Reading amounts, dates and balances out of camt elements, with errors that
 * name the element path.
 */
import type { PlainDate } from '../dates/plain-date.ts';
import type { Money } from '../money/money.ts';
import { findChild, firstText, textOf, type XmlNode } from './camt-xml-node.ts';
import { decimalToMinorUnits, InvalidFieldValue, parseIsoDate } from './field-values.ts';
import {
  ASK_FOR_CORRECTED_EXPORT,
  StatementFileError,
  type StatementFileProblem,
} from './statement-file-error.ts';
import type { StatementBalance } from './statement-model.ts';

/**
 * Throws the `StatementFileError` for a missing or invalid element; `coded`
 * gives the catalogue key and parameters of a problem that has its own key.
 */
export function failAt(
  fileName: string,
  node: XmlNode,
  field: string,
  problem: string,
  fix = ASK_FOR_CORRECTED_EXPORT,
  coded?: Pick<StatementFileProblem, 'key' | 'params'>,
): never {
  throw new StatementFileError(fileName, { elementPath: node.path, field, problem, fix, ...coded });
}

/** Reads an `Amt Ccy="EUR"` element as unsigned minor units. */
export function readAmount(fileName: string, amountNode: XmlNode): Money {
  const currency = amountNode.attributes.Ccy?.trim() ?? '';
  if (currency === '') {
    failAt(fileName, amountNode, 'Amt', 'has no Ccy (currency) attribute');
  }
  try {
    return { minor: decimalToMinorUnits(amountNode.text, currency, '.'), currency };
  } catch (error) {
    if (error instanceof InvalidFieldValue) {
      failAt(fileName, amountNode, 'Amt', `amount ${error.message}`);
    }
    throw error;
  }
}

/** Returns +1 for CRDT and -1 for DBIT, from the `CdtDbtInd` child of `parent`. */
export function readSign(fileName: string, parent: XmlNode): 1 | -1 {
  const indicator = textOf(parent, 'CdtDbtInd');
  if (indicator === 'CRDT') {
    return 1;
  }
  if (indicator === 'DBIT') {
    return -1;
  }

  return failAt(
    fileName,
    parent,
    'CdtDbtInd',
    indicator === undefined ? 'is missing' : `"${indicator}" is neither CRDT nor DBIT`,
  );
}

/** Reads a date element that contains either `Dt` or `DtTm`; for `DtTm` the date part as written. */
export function readDate(fileName: string, dateNode: XmlNode | undefined): PlainDate | undefined {
  const text = firstText(dateNode, [['Dt'], ['DtTm']]);
  if (dateNode === undefined || text === undefined) {
    return undefined;
  }
  try {
    return parseIsoDate(text);
  } catch (error) {
    if (error instanceof InvalidFieldValue) {
      failAt(fileName, dateNode, dateNode.name, error.message);
    }
    throw error;
  }
}

/** Reads a `Bal` element: its type code (OPBD, CLBD, ...) and its signed amount and date. */
export function readBalance(
  fileName: string,
  balanceNode: XmlNode,
): { type: string; balance: StatementBalance } {
  const type =
    firstText(balanceNode, [
      ['Tp', 'CdOrPrtry', 'Cd'],
      ['Tp', 'CdOrPrtry', 'Prtry'],
      ['Tp', 'Cd'],
    ]) ?? '';
  const amountNode = findChild(balanceNode, 'Amt');
  if (amountNode === undefined) {
    failAt(fileName, balanceNode, 'Amt', 'is missing');
  }
  const amount = readAmount(fileName, amountNode);
  const sign = readSign(fileName, balanceNode);
  const date = readDate(fileName, findChild(balanceNode, 'Dt'));
  if (date === undefined) {
    failAt(fileName, balanceNode, 'Dt', 'is missing');
  }

  return {
    type,
    balance: { minor: applySign(amount.minor, sign), currency: amount.currency, date },
  };
}

/** Signed minor units, never negative zero. */
export function applySign(minor: number, sign: 1 | -1): number {
  return minor === 0 ? 0 : sign * minor;
}
