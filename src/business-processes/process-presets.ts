import type { DayKind, LocalizedNames } from '../db/schema.ts';

/** An issue category of a preset process; the department is named as seeded into every organisation. */
export interface PresetCategory {
  /** The English name, which also serves every language without a name in `names`. */
  name: string;
  names: LocalizedNames;
  pausesDunning: boolean;
  daysToResolve: number;
  dayKind: DayKind;
  /** Days after the issue closes before its invoices get a reminder again. */
  resumeAfterDays: number;
  /** Whether a debtor may choose the category in the customer portal. */
  portalSelectable: boolean;
  /** Name of a preset department, or null when credit management resolves the issue itself. */
  department: string | null;
}

export interface PresetProcess {
  name: string;
  names: LocalizedNames;
  categories: readonly PresetCategory[];
}

const invoiceNotReceived: PresetCategory = {
  name: 'Invoice not received',
  names: {
    nl: 'Factuur niet ontvangen',
    en: 'Invoice not received',
    de: 'Rechnung nicht erhalten',
    fr: 'Facture non reçue',
  },
  pausesDunning: false,
  daysToResolve: 3,
  dayKind: 'working',
  resumeAfterDays: 0,
  portalSelectable: true,
  department: 'Customer Service',
};

const priceOrQuantityDispute: PresetCategory = {
  name: 'Price or quantity dispute',
  names: {
    nl: 'Geschil over prijs of aantal',
    en: 'Price or quantity dispute',
    de: 'Streit über Preis oder Menge',
    fr: 'Litige sur le prix ou la quantité',
  },
  pausesDunning: true,
  daysToResolve: 10,
  dayKind: 'working',
  resumeAfterDays: 7,
  portalSelectable: true,
  department: 'Sales',
};

const serviceNotDelivered: PresetCategory = {
  name: 'Service not delivered',
  names: {
    nl: 'Dienst niet geleverd',
    en: 'Service not delivered',
    de: 'Leistung nicht erbracht',
    fr: 'Prestation non fournie',
  },
  pausesDunning: true,
  daysToResolve: 10,
  dayKind: 'working',
  resumeAfterDays: 7,
  portalSelectable: true,
  department: 'Customer Service',
};

/**
 * The business processes that the wizard offers to create, with the usual
 * reasons why a debtor does not pay. A category may appear in more than one
 * process, such as a disputed quantity of goods (Sales) or of hours (Projects).
 *
 * Choices, which an administrator may change afterwards:
 * - "Invoice not received" does not pause dunning: a copy of the invoice is
 *   sent within days, and the next reminder itself lists the invoice again.
 * - Every other category pauses dunning, because a reminder about an amount
 *   the debtor disputes with reason harms the relationship and is usually
 *   wrong. Their days to resolve are short for what the company settles
 *   itself (a credit note, an arrangement, an address) and longer for what
 *   needs an inspection of goods, counted in calendar days because the
 *   debtor waits for the inspection too.
 * - Reminders resume 7 days after a dispute closes, so the debtor can pay
 *   the corrected amount. After a wrong address is corrected they resume
 *   after 14 days, because the debtor then receives the invoice for the first
 *   time. After a payment arrangement they resume at once, following its terms.
 * - "Payment arrangement" has no department: the credit manager agrees on
 *   the arrangement.
 * - A debtor may choose every category in the portal except "Credit note
 *   expected", which the company records once it has agreed to one.
 */
export const PRESET_PROCESSES: readonly PresetProcess[] = [
  {
    name: 'Sales',
    names: { nl: 'Verkoop', en: 'Sales', de: 'Vertrieb', fr: 'Ventes' },
    categories: [
      invoiceNotReceived,
      priceOrQuantityDispute,
      {
        name: 'Payment arrangement',
        names: {
          nl: 'Betalingsregeling',
          en: 'Payment arrangement',
          de: 'Zahlungsvereinbarung',
          fr: 'Échéancier de paiement',
        },
        pausesDunning: true,
        daysToResolve: 5,
        dayKind: 'working',
        resumeAfterDays: 0,
        portalSelectable: true,
        department: null,
      },
      {
        name: 'Credit note expected',
        names: {
          nl: 'Creditnota verwacht',
          en: 'Credit note expected',
          de: 'Gutschrift erwartet',
          fr: 'Avoir attendu',
        },
        pausesDunning: true,
        daysToResolve: 10,
        dayKind: 'working',
        resumeAfterDays: 7,
        portalSelectable: false,
        department: 'Sales',
      },
      {
        name: 'Address wrong',
        names: {
          nl: 'Adres onjuist',
          en: 'Address wrong',
          de: 'Adresse falsch',
          fr: 'Adresse erronée',
        },
        pausesDunning: true,
        daysToResolve: 5,
        dayKind: 'working',
        resumeAfterDays: 14,
        portalSelectable: true,
        department: 'Customer Service',
      },
    ],
  },
  {
    name: 'Delivery',
    names: { nl: 'Levering', en: 'Delivery', de: 'Lieferung', fr: 'Livraison' },
    categories: [
      {
        name: 'Product not in accordance with specification',
        names: {
          nl: 'Product niet volgens specificatie',
          en: 'Product not in accordance with specification',
          de: 'Produkt entspricht nicht der Spezifikation',
          fr: 'Produit non conforme à la spécification',
        },
        pausesDunning: true,
        daysToResolve: 21,
        dayKind: 'calendar',
        resumeAfterDays: 7,
        portalSelectable: true,
        department: 'Production',
      },
    ],
  },
  {
    name: 'Service',
    names: { nl: 'Service', en: 'Service', de: 'Kundendienst', fr: 'Service' },
    categories: [serviceNotDelivered],
  },
  {
    name: 'Projects',
    names: { nl: 'Projecten', en: 'Projects', de: 'Projekte', fr: 'Projets' },
    categories: [serviceNotDelivered, priceOrQuantityDispute],
  },
];
