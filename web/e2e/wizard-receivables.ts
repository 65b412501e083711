import fs from 'node:fs';
import path from 'node:path';
import { addDays, dateInTimeZone } from '../../src/dates/plain-date.ts';

/**
 * One invoice of the test file. `dueInDays` is relative to today in
 * Amsterdam: negative is past due.
 */
interface InvoiceRow {
  debtorNumber: string;
  debtorName: string;
  email: string;
  language: string;
  invoiceNumber: string;
  dueInDays: number;
  amount: string;
}

/**
 * The "Gentle" profile sends a courtesy reminder 5 days before the due date,
 * the first reminder at 14 days past due and the second at 30. So today's run
 * makes one e-mail for each of the first three debtors, and nothing for the
 * fourth, whose invoice is due in 20 days.
 */
const invoices: InvoiceRow[] = [
  {
    debtorNumber: 'D-2001',
    debtorName: 'Bakkerij Korenbloem',
    email: 'administratie@korenbloem.example.test',
    language: 'nl',
    invoiceNumber: 'F-1001',
    dueInDays: -15,
    amount: '1250,00',
  },
  {
    debtorNumber: 'D-2002',
    debtorName: 'Northwind Trading Ltd',
    email: 'accounts@northwind.example.test',
    language: 'en',
    invoiceNumber: 'F-1002',
    dueInDays: -31,
    amount: '480,50',
  },
  {
    debtorNumber: 'D-2002',
    debtorName: 'Northwind Trading Ltd',
    email: 'accounts@northwind.example.test',
    language: 'en',
    invoiceNumber: 'F-1003',
    dueInDays: -32,
    amount: '99,95',
  },
  {
    debtorNumber: 'D-2003',
    debtorName: 'Jansen Installatietechniek',
    email: 'boekhouding@jansen.example.test',
    language: 'nl',
    invoiceNumber: 'F-1004',
    dueInDays: 3,
    amount: '2310,40',
  },
  {
    debtorNumber: 'D-2004',
    debtorName: 'Keukenstudio Oost',
    email: 'info@keukenstudio.example.test',
    language: 'nl',
    invoiceNumber: 'F-1005',
    dueInDays: 20,
    amount: '845,00',
  },
];

/**
 * Writes the test's import file the way a Dutch accounting package exports
 * it: semicolons, decimal commas, DD-MM-YYYY dates and Dutch headers. The
 * "Contact e-mail" header names no field, so the wizard cannot suggest it.
 * Returns the file's path.
 */
export function writeReceivablesCsv(directory: string): string {
  const today = dateInTimeZone(new Date(), 'Europe/Amsterdam');
  const header = [
    'Klantnummer',
    'Klantnaam',
    'Contact e-mail',
    'Taal',
    'Factuurnummer',
    'Factuurdatum',
    'Vervaldatum',
    'Bedrag',
    'Valuta',
  ];
  const lines = invoices.map((invoice) => {
    const dueDate = addDays(today, invoice.dueInDays);
    return [
      invoice.debtorNumber,
      invoice.debtorName,
      invoice.email,
      invoice.language,
      invoice.invoiceNumber,
      dutchDate(addDays(dueDate, -30)),
      dutchDate(dueDate),
      invoice.amount,
      'EUR',
    ].join(';');
  });
  const file = path.join(directory, 'openstaande-posten.csv');
  fs.writeFileSync(file, [header.join(';'), ...lines].join('\r\n') + '\r\n', 'utf8');

  return file;
}

function dutchDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}-${month}-${year}`;
}
