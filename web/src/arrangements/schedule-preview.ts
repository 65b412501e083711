import {
  buildInstalmentSchedule,
  INSTALMENT_COUNT,
} from '../../../src/arrangements/instalment-schedule.ts';
import { isAppError } from '../../../src/errors.ts';
import type { DebtorInvoice } from '../api/types.ts';
import { currencyDigits } from '../components/decimal-text.ts';
import type { ServerMessage } from '../components/server-message.ts';
import { fromMinor, toMinor } from '../payments/minor-units.ts';
import type { ArrangementFrequency } from './use-arrangements.ts';

export { INSTALMENT_COUNT };

export interface PreviewInstalment {
  sequence: number;
  dueDate: string;
  amount: `${number}`;
}

export type SchedulePreview =
  | { kind: 'schedule'; currency: string; total: `${number}`; instalments: PreviewInstalment[] }
  | { kind: 'incomplete' }
  | { kind: 'invalid'; message: ServerMessage };

/**
 * Builds the schedule that the server will store for the chosen invoices,
 * with the server's own split and date rules from instalment-schedule.ts.
 * The total is what is open on the invoices now.
 */
export function previewSchedule(params: {
  invoices: DebtorInvoice[];
  instalmentCount: number | null;
  frequency: ArrangementFrequency;
  firstDueDate: string | null;
}): SchedulePreview {
  const [first] = params.invoices;
  if (!first || params.instalmentCount === null || !params.firstDueDate) {
    return { kind: 'incomplete' };
  }
  const currency = first.currency;
  const digits = currencyDigits(currency);
  const totalMinor = params.invoices.reduce(
    (total, invoice) => total + toMinor(invoice.open, digits),
    0,
  );

  try {
    const schedule = buildInstalmentSchedule({
      currency,
      totalMinor,
      instalmentCount: params.instalmentCount,
      frequency: params.frequency,
      firstDueDate: params.firstDueDate,
    });
    return {
      kind: 'schedule',
      currency,
      total: fromMinor(totalMinor, digits),
      instalments: schedule.map((instalment) => ({
        sequence: instalment.sequence,
        dueDate: instalment.dueDate,
        amount: fromMinor(instalment.amountMinor, digits),
      })),
    };
  } catch (error) {
    if (isAppError(error)) {
      const { code, key, params, message } = error;
      return { kind: 'invalid', message: { code, key, params, message } };
    }
    return { kind: 'invalid', message: { message: String(error) } };
  }
}
