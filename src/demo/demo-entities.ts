import type { AddEntityInput } from '../entities/add-entity.ts';
import { dutchOrigin } from './origins/dutch.ts';
import { englishOrigin } from './origins/english.ts';
import { germanOrigin } from './origins/german.ts';
import type { DemoOrigin } from './origins/origin.ts';

/** One invented company of the demo organisation and the shape of its debtor book. */
export interface DemoEntitySpec {
  /** The input passed to addEntity. */
  input: AddEntityInput & { code: string; currency: string; country: string };
  /** Address and registration shown on letters; set after addEntity, which has no such fields. */
  details: {
    addressLine: string;
    postalCode: string;
    city: string;
    cocNumber: string;
    vatNumber: string;
  };
  /** VAT added to net amounts, in percent. */
  vatPercent: number;
  invoicePrefix: string;
  creditNotePrefix: string;
  firstDebtorNumber: number;
  /** Origins of its debtors, with relative weights. */
  origins: ReadonlyArray<readonly [DemoOrigin, number]>;
  /** Share of debtors that are companies; the rest are consumers. */
  businessShare: number;
  accountManagers: readonly string[];
  debtorCount: number;
  invoiceCount: number;
}

/**
 * The demo organisation: a Dutch BV, a UK Ltd and a German GmbH. The IBANs
 * are the example numbers of the ISO 13616 documentation and the e-mail
 * domains are example domains, so nothing can reach a real account.
 */
export const demoEntities: readonly DemoEntitySpec[] = [
  {
    input: {
      code: 'NL01',
      name: 'Noordzee Kantoorinrichting B.V.',
      currency: 'EUR',
      country: 'NL',
      language: 'nl',
      timeZone: 'Europe/Amsterdam',
      iban: 'NL91ABNA0417164300',
      bic: 'ABNANL2A',
      senderEmail: 'debiteuren@example.nl',
      senderName: 'Noordzee Kantoorinrichting, debiteurenbeheer',
    },
    details: {
      addressLine: 'Havenweg 14',
      postalCode: '1013 AB',
      city: 'Amsterdam',
      cocNumber: '81234567',
      vatNumber: 'NL861234567B01',
    },
    vatPercent: 21,
    invoicePrefix: 'F',
    creditNotePrefix: 'C',
    firstDebtorNumber: 10001,
    origins: [
      [dutchOrigin, 80],
      [germanOrigin, 10],
      [englishOrigin, 10],
    ],
    businessShare: 0.7,
    accountManagers: ['Sanne de Wit', 'Joost Bakker', 'Marloes Visser'],
    debtorCount: 70,
    invoiceCount: 900,
  },
  {
    input: {
      code: 'UK01',
      name: 'Thames Office Interiors Ltd',
      currency: 'GBP',
      country: 'GB',
      language: 'en',
      timeZone: 'Europe/London',
      iban: 'GB29NWBK60161331926819',
      bic: 'NWBKGB2L',
      senderEmail: 'credit.control@example.com',
      senderName: 'Thames Office Interiors, Credit Control',
    },
    details: {
      addressLine: '27 Queen Street',
      postalCode: 'EC4R 1BR',
      city: 'London',
      cocNumber: '09876543',
      vatNumber: 'GB123456782',
    },
    vatPercent: 20,
    invoicePrefix: 'INV-',
    creditNotePrefix: 'CN-',
    firstDebtorNumber: 20001,
    origins: [
      [englishOrigin, 85],
      [dutchOrigin, 10],
      [germanOrigin, 5],
    ],
    businessShare: 0.8,
    accountManagers: ['Grace Turner', 'Samuel Hughes'],
    debtorCount: 40,
    invoiceCount: 450,
  },
  {
    input: {
      code: 'DE01',
      name: 'Rheinland Büroeinrichtung GmbH',
      currency: 'EUR',
      country: 'DE',
      language: 'de',
      timeZone: 'Europe/Berlin',
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
      senderEmail: 'forderungsmanagement@example.de',
      senderName: 'Rheinland Büroeinrichtung, Forderungsmanagement',
    },
    details: {
      addressLine: 'Rheinallee 8',
      postalCode: '50668',
      city: 'Köln',
      cocNumber: 'HRB 104512',
      vatNumber: 'DE812345678',
    },
    vatPercent: 19,
    invoicePrefix: 'RE-',
    creditNotePrefix: 'GS-',
    firstDebtorNumber: 30001,
    origins: [
      [germanOrigin, 85],
      [dutchOrigin, 10],
      [englishOrigin, 5],
    ],
    businessShare: 0.6,
    accountManagers: ['Katharina Weber', 'Florian Neumann'],
    debtorCount: 40,
    invoiceCount: 450,
  },
];
