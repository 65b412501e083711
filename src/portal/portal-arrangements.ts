import type { Executor } from '../db/database.ts';
import type { ArrangementFrequency } from '../db/schema.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { createArrangement } from '../arrangements/create-arrangement.ts';
import { listArrangements, type ArrangementItem } from '../arrangements/list-arrangements.ts';
import { portalActor } from './start-portal-payment.ts';

/** An arrangement as the portal shows it to the debtor, without who at the creditor decided it or why. */
export type PortalArrangement = Pick<
  ArrangementItem,
  'id' | 'status' | 'currency' | 'total' | 'paid' | 'frequency' | 'requestedAt' | 'instalments'
> & { invoiceNumbers: string[] };

/**
 * Date limits on a debtor's own request: the first instalment
 * within 60 days and the last within two years of today, so that a request
 * that would never be approved is not stored.
 */
const PORTAL_DATE_LIMITS = { maxFirstDueDays: 60, maxScheduleDays: 730 };

/**
 * Requests a payment arrangement from the portal: stored with source
 * 'portal' and status 'requested', so a credit manager approves or rejects
 * it on the customer card. The checks of createArrangement apply: open
 * invoices of this debtor in one currency, in no other requested or active
 * arrangement, and a first due date no earlier than today.
 */
export async function requestPortalArrangement(
  executor: Executor,
  params: {
    organisationId: string;
    debtorId: string;
    invoiceIds: string[];
    instalmentCount: number;
    frequency: ArrangementFrequency;
    firstDueDate: PlainDate;
    now: Date;
  },
): Promise<PortalArrangement> {
  const id = await createArrangement(executor, {
    ...params,
    source: 'portal',
    approve: false,
    canApprove: false,
    actor: portalActor(params.debtorId),
    dateLimits: PORTAL_DATE_LIMITS,
  });
  const [created] = await listArrangements(executor, { arrangementId: id });
  if (!created) {
    throw new Error(`Arrangement ${id} was created but cannot be read back.`);
  }

  return toPortalArrangement(created);
}

/** Lists the debtor's requested and active arrangements with their instalments, newest first. */
export async function listPortalArrangements(
  executor: Executor,
  params: { debtorId: string },
): Promise<PortalArrangement[]> {
  const arrangements = await listArrangements(executor, { debtorId: params.debtorId, limit: 50 });

  return arrangements
    .filter((arrangement) => arrangement.status === 'requested' || arrangement.status === 'active')
    .map(toPortalArrangement);
}

function toPortalArrangement(arrangement: ArrangementItem): PortalArrangement {
  return {
    id: arrangement.id,
    status: arrangement.status,
    currency: arrangement.currency,
    total: arrangement.total,
    paid: arrangement.paid,
    frequency: arrangement.frequency,
    requestedAt: arrangement.requestedAt,
    instalments: arrangement.instalments,
    invoiceNumbers: arrangement.invoices.map((invoice) => invoice.number),
  };
}
