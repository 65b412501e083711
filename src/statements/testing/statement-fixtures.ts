/**
 * Builders of small camt.053/054 and MT940 files for the booking and
 * matching tests. Amounts are decimal text with a point ("125.00"); a
 * negative amount is a debit.
 */

export const ENTITY_IBAN = 'NL91ABNA0417164300';
export const OTHER_IBAN = 'NL20INGB0001234567';

export interface CamtEntry {
  amount: string;
  bookingDate?: string;
  bankReference?: string;
  reversal?: boolean;
  /** Pending (PDNG) instead of booked. */
  pending?: boolean;
  /** Transaction details; one detail when omitted. Several make a batch booking. */
  details?: CamtDetail[];
}

export interface CamtDetail {
  /** The detail's own amount, needed in a batch. */
  amount?: string;
  endToEndId?: string;
  name?: string;
  iban?: string;
  text?: string;
  /** A structured creditor reference with its issuer, such as ["ISO", "RF18..."] or ["CUR", "5000..."]. */
  reference?: [string, string];
  returnReason?: string;
}

export interface CamtStatement {
  id: string;
  iban?: string;
  sequence?: string;
  entries: CamtEntry[];
}

/** Builds a camt.053.001.02 file (or camt.054 with `message` "054") with the statements given. */
export function camtFile(statements: CamtStatement[], message: '053' | '054' = '053'): string {
  const root = message === '053' ? 'BkToCstmrStmt' : 'BkToCstmrDbtCdtNtfctn';
  const element = message === '053' ? 'Stmt' : 'Ntfctn';
  const body = statements
    .map(
      (statement) => `<${element}>
  <Id>${statement.id}</Id>
  ${statement.sequence ? `<ElctrncSeqNb>${statement.sequence}</ElctrncSeqNb>` : ''}
  <Acct><Id><IBAN>${statement.iban ?? ENTITY_IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>
  ${statement.entries.map(camtEntry).join('\n')}
</${element}>`,
    )
    .join('\n');

  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.${message}.001.02">
<${root}>
<GrpHdr><MsgId>TEST</MsgId><CreDtTm>2026-03-02T07:00:00</CreDtTm></GrpHdr>
${body}
</${root}>
</Document>
`;
}

function camtEntry(entry: CamtEntry): string {
  const debit = entry.amount.startsWith('-');
  const details = entry.details ?? [{}];
  const batch = details.length > 1 ? `<Btch><NbOfTxs>${details.length}</NbOfTxs></Btch>` : '';

  return `<Ntry>
  <Amt Ccy="EUR">${entry.amount.replace('-', '')}</Amt>
  <CdtDbtInd>${debit ? 'DBIT' : 'CRDT'}</CdtDbtInd>
  ${entry.reversal ? '<RvslInd>true</RvslInd>' : ''}
  <Sts>${entry.pending ? 'PDNG' : 'BOOK'}</Sts>
  <BookgDt><Dt>${entry.bookingDate ?? '2026-03-02'}</Dt></BookgDt>
  <ValDt><Dt>${entry.bookingDate ?? '2026-03-02'}</Dt></ValDt>
  ${entry.bankReference ? `<AcctSvcrRef>${entry.bankReference}</AcctSvcrRef>` : ''}
  <NtryDtls>${batch}${details.map((detail) => camtDetail(detail, debit !== Boolean(entry.reversal))).join('')}</NtryDtls>
</Ntry>`;
}

function camtDetail(detail: CamtDetail, outgoing: boolean): string {
  const role = outgoing ? 'Cdtr' : 'Dbtr';
  const parts = [
    detail.endToEndId ? `<Refs><EndToEndId>${detail.endToEndId}</EndToEndId></Refs>` : '',
    detail.amount ? `<AmtDtls><TxAmt><Amt Ccy="EUR">${detail.amount}</Amt></TxAmt></AmtDtls>` : '',
    detail.name || detail.iban
      ? `<RltdPties>${detail.name ? `<${role}><Nm>${detail.name}</Nm></${role}>` : ''}${detail.iban ? `<${role}Acct><Id><IBAN>${detail.iban}</IBAN></Id></${role}Acct>` : ''}</RltdPties>`
      : '',
    detail.text || detail.reference
      ? `<RmtInf>${detail.text ? `<Ustrd>${detail.text}</Ustrd>` : ''}${detail.reference ? `<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>${detail.reference[0]}</Issr></Tp><Ref>${detail.reference[1]}</Ref></CdtrRefInf></Strd>` : ''}</RmtInf>`
      : '',
    detail.returnReason ? `<RtrInf><Rsn><Cd>${detail.returnReason}</Cd></Rsn></RtrInf>` : '',
  ];

  return `<TxDtls>${parts.join('')}</TxDtls>`;
}

export interface Mt940Line {
  /** Signed decimal with a point, such as "125.00" or "-40.00". */
  amount: string;
  /** YYMMDD. */
  date?: string;
  reversal?: boolean;
  bankReference?: string;
  /** The :86: text as the bank writes it, such as "/EREF/x//CNTP/.../REMI/USTD//text/". */
  information?: string;
}

/**
 * Builds an MT940 file in ING's structured layout with one statement of the
 * lines given. Its opening balance is 1000.00 EUR and its closing balance
 * adds the lines to that. `interim` makes it an MT942.
 */
export function mt940File(
  lines: Mt940Line[],
  options: { id?: string; iban?: string; interim?: boolean } = {},
): string {
  const body = lines.flatMap((line) => {
    const debit = line.amount.startsWith('-');
    const mark = (line.reversal ? 'R' : '') + (debit ? 'D' : 'C');
    const amount = line.amount.replace('-', '').replace('.', ',');
    const date = line.date ?? '260302';
    return [
      `:61:${date}${date.slice(2)}${mark}${amount}NTRFNONREF//${line.bankReference ?? 'NONE'}`,
      ...(line.information ? [`:86:${line.information}`] : []),
    ];
  });

  const openingMinor = 100_000;
  const closingMinor = lines.reduce(
    (sum, line) => sum + Math.round(Number(line.amount) * 100),
    openingMinor,
  );
  const closing = `${closingMinor < 0 ? 'D' : 'C'}260302EUR${(Math.abs(closingMinor) / 100).toFixed(2).replace('.', ',')}`;

  return [
    ':20:' + (options.id ?? 'P260302000000001'),
    `:25:${options.iban ?? ENTITY_IBAN}EUR`,
    ':28C:00001',
    ...(options.interim ? [':34F:EUR0,'] : []),
    ':60F:C260301EUR1000,00',
    ...body,
    `:62F:${closing}`,
    '',
  ].join('\r\n');
}
