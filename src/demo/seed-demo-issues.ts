import { PERMISSION_NAMES } from '../access/permissions.ts';
import type { Principal } from '../access/principal.ts';
import { createPresetProcesses } from '../business-processes/business-processes.ts';
import { addDays, type PlainDate } from '../dates/plain-date.ts';
import type { IssueOutcome } from '../db/schema.ts';
import type { TenantTransaction } from '../db/tenant.ts';
import { selectOpenInvoices } from '../invoices/open-invoices.ts';
import { closeIssue } from '../issues/close-issue.ts';
import { registerIssue } from '../issues/register-issue.ts';
import { updateIssue, type OpenIssueStatus } from '../issues/update-issue.ts';

/** A demo issue, with its dates in days before the demo's reference date. */
interface DemoIssueSpec {
  process: string;
  category: string;
  description: string;
  openedDaysAgo: number;
  /** False registers the issue on the whole debtor. */
  linkInvoice: boolean;
  status?: OpenIssueStatus;
  closing?: {
    daysAgo: number;
    outcome: IssueOutcome | null;
    creditNoteExpected?: boolean;
    resolution: string;
  };
}

/*
 * The preset categories give the deadlines: "Product not in accordance with
 * specification" has 21 calendar days, so an issue opened 35 days ago is past
 * its deadline. The others are within their term or closed.
 */
const DEMO_ISSUES: readonly DemoIssueSpec[] = [
  {
    process: 'Sales',
    category: 'Price or quantity dispute',
    description: 'The debtor ordered 100 units but the invoice charges 120.',
    openedDaysAgo: 4,
    linkInvoice: true,
    status: 'in_progress',
  },
  {
    process: 'Delivery',
    category: 'Product not in accordance with specification',
    description: 'Two pallets arrived damaged; the debtor promised photos of the damage.',
    openedDaysAgo: 35,
    linkInvoice: true,
    status: 'waiting_for_debtor',
  },
  {
    process: 'Sales',
    category: 'Address wrong',
    description: 'Reminders come back undelivered because the debtor has moved.',
    openedDaysAgo: 2,
    linkInvoice: false,
  },
  {
    process: 'Sales',
    category: 'Invoice not received',
    description: 'The debtor never received the invoice and asked for a copy.',
    openedDaysAgo: 1,
    linkInvoice: true,
  },
  {
    process: 'Sales',
    category: 'Credit note expected',
    description: 'The debtor returned 5 items within the return period.',
    openedDaysAgo: 12,
    linkInvoice: true,
    closing: {
      daysAgo: 2,
      outcome: 'favour_debtor',
      creditNoteExpected: true,
      resolution: 'Return accepted; a credit note for the 5 returned items follows.',
    },
  },
  {
    process: 'Service',
    category: 'Service not delivered',
    description: 'The debtor says the maintenance visit did not take place.',
    openedDaysAgo: 20,
    linkInvoice: true,
    closing: {
      daysAgo: 8,
      outcome: null,
      resolution: 'The service report signed by the debtor shows that the visit took place.',
    },
  },
];

/** Counts of the business processes, issue categories and issues the demo load created. */
export interface DemoIssueSummary {
  processes: number;
  categories: number;
  issues: number;
}

/**
 * Creates the preset business processes with their issue categories, as the
 * set-up wizard does, and registers the demo issues on debtors of the entity
 * through the same functions as the issue API, each on its own debtor. The
 * issues are opened, changed and closed on dates before `referenceDate`, so
 * that the issue list, the report and the debtor cards have open, overdue
 * and recently closed issues to show.
 */
export async function seedDemoIssues(
  trx: TenantTransaction,
  params: {
    organisationId: string;
    actor: string;
    referenceDate: PlainDate;
    entity: DemoEntityRef;
  },
): Promise<DemoIssueSummary> {
  const { created } = await createPresetProcesses(trx, {
    organisationId: params.organisationId,
    actor: params.actor,
  });
  const principal: Principal = {
    organisationId: params.organisationId,
    actor: params.actor,
    permissions: new Set(PERMISSION_NAMES),
    entityIds: null,
    departmentId: null,
  };
  const usedDebtors = new Set<string>();
  for (const spec of DEMO_ISSUES) {
    await registerDemoIssue(trx, principal, { ...params, spec, usedDebtors });
  }

  return { ...created, issues: DEMO_ISSUES.length };
}

/** The demo entity that gets the issues. */
export interface DemoEntityRef {
  id: string;
  code: string;
}

async function registerDemoIssue(
  trx: TenantTransaction,
  principal: Principal,
  params: {
    referenceDate: PlainDate;
    entity: DemoEntityRef;
    spec: DemoIssueSpec;
    usedDebtors: Set<string>;
  },
): Promise<void> {
  const { spec } = params;
  const openedOn = addDays(params.referenceDate, -spec.openedDaysAgo);
  const invoice = await pickOverdueInvoice(trx, { ...params, openedOn });
  params.usedDebtors.add(invoice.debtor_id);
  const category = await trx
    .selectFrom('issue_categories as c')
    .innerJoin('business_processes as p', 'p.id', 'c.process_id')
    .select('c.id')
    .where('p.name', '=', spec.process)
    .where('c.name', '=', spec.category)
    .executeTakeFirstOrThrow();

  const issueId = await registerIssue(trx, principal, {
    input: {
      entity: params.entity.code,
      debtorId: invoice.debtor_id,
      invoiceIds: spec.linkInvoice ? [invoice.id] : [],
      categoryId: category.id,
      description: spec.description,
    },
    now: middayOf(openedOn),
    jobQueue: undefined,
  });
  if (spec.status !== undefined) {
    await updateIssue(trx, principal, {
      issueId,
      update: { status: spec.status },
      now: middayOf(openedOn),
      jobQueue: undefined,
    });
  }
  if (spec.closing !== undefined) {
    const { closing } = spec;
    await closeIssue(trx, principal, {
      issueId,
      closing:
        closing.outcome === null
          ? { kind: 'rejected', resolution: closing.resolution }
          : {
              kind: 'resolved',
              outcome: closing.outcome,
              creditNoteExpected: closing.creditNoteExpected ?? false,
              resolution: closing.resolution,
            },
      now: middayOf(addDays(params.referenceDate, -closing.daysAgo)),
    });
  }
}

/** Picks the overdue open invoice with the lowest number of a debtor without a demo issue yet. */
async function pickOverdueInvoice(
  trx: TenantTransaction,
  params: { entity: DemoEntityRef; openedOn: PlainDate; usedDebtors: ReadonlySet<string> },
): Promise<{ id: string; debtor_id: string }> {
  const candidates = await selectOpenInvoices(trx, {
    entityId: params.entity.id,
    asOf: params.openedOn,
  })
    .where('i.kind', '=', 'invoice')
    .where('i.due_date', '<', params.openedOn)
    .where('i.hold_reason', 'is', null)
    .orderBy('i.number')
    .execute();
  const invoice = candidates.find(
    (candidate) => candidate.open_minor > 0 && !params.usedDebtors.has(candidate.debtor_id),
  );
  if (!invoice) {
    throw new Error(
      `The demo data of entity ${params.entity.code} has no overdue invoice on ${params.openedOn} for another demo issue`,
    );
  }

  return invoice;
}

/** Midday UTC, which is the same calendar date in every time zone of the demo entities. */
function middayOf(date: PlainDate): Date {
  return new Date(`${date}T12:00:00Z`);
}
