import type { SeededRandom } from '../seeded-random.ts';

/** A town with its postal codes and telephone area code, as the generator uses them. */
export interface DemoTown {
  city: string;
  /** Makes a postal code in this town. */
  postalCode(random: SeededRandom): string;
  /** Makes a landline number in this town, in international notation. */
  landline(random: SeededRandom): string;
}

/**
 * Names and address material of one country and language, from which the
 * generator invents debtors. Every name is a combination of common first
 * names, surnames and trades, so any match with a real firm is chance.
 */
export interface DemoOrigin {
  language: 'nl' | 'en' | 'de';
  country: string;
  /** The only domain that e-mail addresses of this origin use. */
  emailDomain: 'example.nl' | 'example.com' | 'example.de';
  /** Local-part prefixes of a company's accounts-payable mailbox. */
  accountsMailboxes: readonly string[];
  firstNames: readonly string[];
  surnames: readonly string[];
  streets: readonly string[];
  towns: readonly DemoTown[];
  /** Invents a company name with its legal form. */
  companyName(random: SeededRandom, surname: string, town: string): string;
  mobile(random: SeededRandom): string;
  cocNumber(random: SeededRandom): string;
  vatNumber(random: SeededRandom): string;
  /** House number in the local style, such as "12a" or "7". */
  houseNumber(random: SeededRandom): string;
  /** Joins street and house number in the local order. */
  addressLine(street: string, houseNumber: string): string;
}
