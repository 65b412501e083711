/**
 * Streaming parser for ISO 20022 camt.052 (account report), camt.053
 * (statement) and camt.054 (debit/credit notification), versions 001.01 to
 * 001.08. The namespace gives message and version. The parser keeps one
 * statement child (an account, a balance, an entry) in memory at a time, so
 * a file of many megabytes needs no document tree.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { PlainDate } from '../dates/plain-date.ts';
import { convertEntry } from './camt-entry.ts';
import { failAt, readBalance } from './camt-values.ts';
import { findChild, firstText, textOf, type XmlNode } from './camt-xml-node.ts';
import { InvalidFieldValue, parseIsoDate } from './field-values.ts';
import type { StatementDraft } from './finish-statements.ts';
import { asBic, asIban } from './reference-checks.ts';
import { ASK_FOR_CORRECTED_EXPORT, StatementFileError } from './statement-file-error.ts';
import type { StatementFileKind, StatementFormat } from './statement-model.ts';

interface CamtMessage {
  format: StatementFormat;
  kind: StatementFileKind;
  /** Message element under `Document`; version 01 appends "V01". */
  messageElement: string;
  statementElement: string;
}

const MESSAGES: Record<string, CamtMessage> = {
  '052': {
    format: 'camt.052',
    kind: 'interim-report',
    messageElement: 'BkToCstmrAcctRpt',
    statementElement: 'Rpt',
  },
  '053': {
    format: 'camt.053',
    kind: 'statement',
    messageElement: 'BkToCstmrStmt',
    statementElement: 'Stmt',
  },
  '054': {
    format: 'camt.054',
    kind: 'notification',
    messageElement: 'BkToCstmrDbtCdtNtfctn',
    statementElement: 'Ntfctn',
  },
};

/**
 * Namespaces of the supported versions.
 * TODO: versions 001.09 and later are rejected until a sample file shows
 * that the elements read here kept their place.
 */
const CAMT_NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:camt\.(05[234])\.001\.(0[1-8])$/;

/** Elements whose position is shown in element paths, such as "Ntry[3]". */
const NUMBERED_ELEMENTS = new Set(['Stmt', 'Rpt', 'Ntfctn', 'Ntry', 'TxDtls', 'Bal']);

export interface ParsedCamt {
  format: StatementFormat;
  formatVersion: string;
  kind: StatementFileKind;
  statements: StatementDraft[];
}

interface Frame {
  node: XmlNode;
  depth: number;
  childCounts: Map<string, number>;
}

/** Depths below `Document`: 1 the message, 2 a statement, 3 a statement child. */
const MESSAGE_DEPTH = 1;
const STATEMENT_DEPTH = 2;
const STATEMENT_CHILD_DEPTH = 3;

export function parseCamt(text: string, fileName: string): ParsedCamt {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const state = new CamtState(fileName);
  parser.on('opentag', (tag) => state.open(tag));
  parser.on('text', (value) => state.addText(value));
  parser.on('cdata', (value) => state.addText(value));
  parser.on('closetag', () => state.close());
  parser.on('error', (error) => {
    throw new StatementFileError(fileName, {
      line: parser.line,
      field: 'XML',
      problem: `is not well-formed: ${error.message.replace(/^\d+:\d+: /, '')}`,
      fix: 'ask the bank for a new export of the file, and check that nothing changed it on the way',
      key: 'statement_file_xml_malformed',
    });
  });
  parser.write(text).close();

  return state.result();
}

class CamtState {
  private readonly stack: Frame[] = [];
  private message?: CamtMessage;
  private version?: string;
  private sawMessageElement = false;
  private statement?: StatementDraft;
  private readonly statements: StatementDraft[] = [];
  /** `GrpHdr/CreDtTm`, the creation date of a statement that has no `CreDtTm` of its own. */
  private messageCreationDate?: PlainDate;

  constructor(private readonly fileName: string) {}

  open(tag: SaxesTagNS): void {
    const parent = this.stack[this.stack.length - 1];
    const depth = parent ? parent.depth + 1 : 0;
    const node = this.createNode(tag, parent);
    if (depth === 0) {
      this.openDocument(tag, node);
    } else if (depth === MESSAGE_DEPTH) {
      this.openMessage(node);
    } else if (depth === STATEMENT_DEPTH && node.name === this.message?.statementElement) {
      this.statement = {
        identification: '',
        account: { identification: '' },
        transactions: [],
        warnings: [],
      };
    }
    if (parent && parent.depth >= STATEMENT_CHILD_DEPTH) {
      parent.node.children.push(node);
    }
    this.stack.push({ node, depth, childCounts: new Map() });
  }

  addText(value: string): void {
    const top = this.stack[this.stack.length - 1];
    if (top && top.depth >= STATEMENT_CHILD_DEPTH) {
      top.node.text += value;
    }
  }

  close(): void {
    const frame = this.stack.pop();
    if (frame === undefined) {
      return;
    }
    if (frame.depth === STATEMENT_CHILD_DEPTH && this.statement) {
      this.readStatementChild(frame.node);
    } else if (frame.depth === STATEMENT_CHILD_DEPTH && frame.node.name === 'CreDtTm') {
      this.messageCreationDate = readCreationDate(frame.node);
    } else if (frame.depth === STATEMENT_DEPTH && this.statement) {
      this.closeStatement(frame.node);
    } else if (frame.depth === MESSAGE_DEPTH) {
      this.closeMessage(frame.node);
    }
  }

  result(): ParsedCamt {
    if (this.message === undefined || this.version === undefined) {
      throw new StatementFileError(this.fileName, {
        field: 'Document',
        problem: 'is missing: the file is XML but not a camt message',
        fix: 'export the statement as camt.053 (or MT940) from online banking',
        key: 'statement_file_not_camt',
      });
    }
    if (!this.sawMessageElement) {
      throw new StatementFileError(this.fileName, {
        elementPath: 'Document',
        field: this.message.messageElement,
        problem: `is missing: the ${this.message.format} document contains no message and no statements`,
        fix: ASK_FOR_CORRECTED_EXPORT,
      });
    }

    return {
      format: this.message.format,
      formatVersion: this.version,
      kind: this.message.kind,
      statements: this.statements,
    };
  }

  private createNode(tag: SaxesTagNS, parent: Frame | undefined): XmlNode {
    const name = tag.local;
    const count = (parent?.childCounts.get(name) ?? 0) + 1;
    parent?.childCounts.set(name, count);
    const step = NUMBERED_ELEMENTS.has(name) ? `${name}[${count}]` : name;
    const attributes: Record<string, string> = {};
    for (const attribute of Object.values(tag.attributes)) {
      attributes[attribute.local] = attribute.value;
    }

    return {
      name,
      path: parent ? `${parent.node.path}/${step}` : step,
      attributes,
      children: [],
      text: '',
    };
  }

  private openDocument(tag: SaxesTagNS, node: XmlNode): void {
    const match = CAMT_NAMESPACE.exec(tag.uri);
    const message = match ? MESSAGES[match[1] ?? ''] : undefined;
    if (node.name !== 'Document' || !match || !message) {
      failAt(
        this.fileName,
        node,
        'namespace',
        `"${tag.uri}" of element ${node.name} is not a supported camt namespace (camt.052, camt.053 or camt.054, versions 001.01 to 001.08)`,
        'export the statement as camt.053 version 001.02 or later (or MT940) from online banking',
        {
          key: 'statement_file_camt_namespace',
          params: { namespace: tag.uri, element: node.name },
        },
      );
    }
    this.message = message;
    this.version = `001.${match[2]}`;
  }

  private openMessage(node: XmlNode): void {
    const expected = this.message?.messageElement ?? '';
    if (node.name !== expected && node.name !== `${expected}V01`) {
      failAt(
        this.fileName,
        node,
        node.name,
        `is not the ${this.message?.format} message element ${expected}`,
        ASK_FOR_CORRECTED_EXPORT,
      );
    }
    this.sawMessageElement = true;
  }

  private closeMessage(node: XmlNode): void {
    if (this.statements.length === 0) {
      failAt(
        this.fileName,
        node,
        this.message?.statementElement ?? 'Stmt',
        'is missing: the message has a group header but no statement',
        ASK_FOR_CORRECTED_EXPORT,
      );
    }
  }

  private readStatementChild(node: XmlNode): void {
    const statement = this.statement as StatementDraft;
    switch (node.name) {
      case 'Id':
        statement.identification = node.text.trim();
        break;
      case 'CreDtTm':
        statement.creationDate = readCreationDate(node);
        break;
      case 'ElctrncSeqNb':
        statement.sequenceNumber = node.text.trim();
        break;
      case 'LglSeqNb':
        statement.sequenceNumber ??= node.text.trim();
        break;
      case 'Acct':
        statement.account = readAccount(node);
        break;
      case 'Bal':
        this.readStatementBalance(statement, node);
        break;
      case 'Ntry':
        statement.transactions.push(...convertEntry(this.fileName, node));
        break;
    }
  }

  /** OPBD (opening booked) wins over PRCD (previous closing booked); CLBD is the closing booked balance. */
  private readStatementBalance(statement: StatementDraft, node: XmlNode): void {
    const { type, balance } = readBalance(this.fileName, node);
    if (type === 'OPBD' || (type === 'PRCD' && statement.openingBalance === undefined)) {
      statement.openingBalance = balance;
    } else if (type === 'CLBD') {
      statement.closingBalance = balance;
    }
  }

  private closeStatement(node: XmlNode): void {
    const statement = this.statement as StatementDraft;
    if (statement.identification === '') {
      failAt(this.fileName, node, 'Id', 'is missing');
    }
    if (statement.account.identification === '') {
      failAt(this.fileName, node, 'Acct', 'is missing or has no account Id');
    }
    statement.creationDate ??= this.messageCreationDate;
    this.statements.push(statement);
    this.statement = undefined;
  }
}

/**
 * Reads the date part of a `CreDtTm` date-time. The date only serves to
 * check the entries' dates, so an unreadable value returns undefined
 * instead of rejecting the file.
 */
function readCreationDate(node: XmlNode): PlainDate | undefined {
  try {
    return parseIsoDate(node.text);
  } catch (error) {
    if (error instanceof InvalidFieldValue) {
      return undefined;
    }
    throw error;
  }
}

function readAccount(node: XmlNode): StatementDraft['account'] {
  const identification =
    firstText(findChild(node, 'Id'), [['IBAN'], ['Othr', 'Id'], ['PrtryAcct', 'Id'], ['BBAN']]) ??
    '';
  const iban = asIban(textOf(node, 'Id', 'IBAN'));
  const bic = asBic(firstText(findChild(node, 'Svcr', 'FinInstnId'), [['BIC'], ['BICFI']]));
  const currency = textOf(node, 'Ccy');

  return {
    identification,
    ...(iban && { iban }),
    ...(currency && { currency }),
    ...(bic && { bic }),
  };
}
