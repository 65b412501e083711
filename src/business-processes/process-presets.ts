/** An issue category of a preset process; the department is named as seeded into every organisation. */
export interface PresetCategory {
  name: string;
  pausesDunning: boolean;
  daysToResolve: number;
  /** Name of a preset department, or null when credit management resolves the issue itself. */
  department: string | null;
}

export interface PresetProcess {
  name: string;
  categories: readonly PresetCategory[];
}

/**
 * The business process that the wizard offers to create: the sales process
 * from order to payment, with the usual reasons why a debtor does not pay.
 *
 * Choices, which an administrator may change afterwards:
 * - "Invoice not received" does not pause dunning: a copy of the invoice is
 *   sent within days, and the next reminder itself lists the invoice again.
 * - Every other category pauses dunning, because a reminder about an amount
 *   the debtor disputes with reason harms the relationship and is usually
 *   wrong. Their days to resolve are short for what the company can settle
 *   itself (a credit note, an arrangement) and longer for what needs an
 *   inspection of goods or work.
 * - "Payment arrangement requested" has no department: the credit manager
 *   agrees on the arrangement.
 */
export const PRESET_PROCESSES: readonly PresetProcess[] = [
  {
    name: 'Sales',
    categories: [
      {
        name: 'Invoice not received',
        pausesDunning: false,
        daysToResolve: 5,
        department: 'Customer Service',
      },
      {
        name: 'Price differs from agreement',
        pausesDunning: true,
        daysToResolve: 14,
        department: 'Sales',
      },
      {
        name: 'Product not as specified',
        pausesDunning: true,
        daysToResolve: 21,
        department: 'Production',
      },
      {
        name: 'Delivery incomplete or late',
        pausesDunning: true,
        daysToResolve: 14,
        department: 'Distribution',
      },
      {
        name: 'Service not delivered',
        pausesDunning: true,
        daysToResolve: 14,
        department: 'Customer Service',
      },
      {
        name: 'Payment arrangement requested',
        pausesDunning: true,
        daysToResolve: 7,
        department: null,
      },
      {
        name: 'Credit note expected',
        pausesDunning: true,
        daysToResolve: 10,
        department: 'Sales',
      },
    ],
  },
];
