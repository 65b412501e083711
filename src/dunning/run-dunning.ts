import { sql } from 'kysely';
import { evaluateArrangements } from '../arrangements/evaluate-arrangements.ts';
import { writeInstalmentReminders } from '../arrangements/plan-instalment-reminders.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { chargeReachedSteps } from '../charges/charge-reached-steps.ts';
import type { Executor } from '../db/database.ts';
import { isPlainDate, type PlainDate } from '../dates/plain-date.ts';
import { AppError } from '../errors.ts';
import { isOrganisationLive } from '../provisioning/organisation-live.ts';
import type { DunningRunSummary } from './dunning-types.ts';
import { listHeldInvoices, type HeldInvoiceList } from './list-held-invoices.ts';
import { loadDunningInput } from './load-dunning-input.ts';
import { planDunningRun } from './plan-dunning-run.ts';
import { writeDunningRun } from './write-dunning-run.ts';

export interface RunDunningParams {
  organisationId: string;
  entityId: string;
  /** The run date: invoices, payments and days past due are taken as on this date. */
  asOf: PlainDate;
  /** Compute and return the summary without writing anything. */
  dryRun: boolean;
  /**
   * Remind invoices on hold (import hold code or issue) like the others.
   * Default false; the scheduler never sets it.
   */
  includeOnHold?: boolean | undefined;
  /** User id or "cli:<os user>" of the person who started the run, for the audit log and dunning_runs.created_by. */
  actor: string;
}

/** Why a run wrote nothing: the caller asked for a dry run, or the organisation is not live yet. */
export type DryRunReason = 'requested' | 'not_live';

export interface DunningRunResult extends DunningRunSummary, HeldInvoiceList {
  dryRun: boolean;
  /** Null when the run was written. */
  dryRunReason: DryRunReason | null;
}

/**
 * Runs dunning as runDunning does, but as a dry run while the organisation
 * is not live, and returns which it was. The HTTP route and the command
 * line start runs through this function. The scheduler skips organisations
 * that are not live, and calls runDunning.
 */
export async function runDunningRespectingGoLive(
  executor: Executor,
  params: RunDunningParams,
): Promise<DunningRunResult> {
  const live = await isOrganisationLive(executor, params.organisationId);
  const dryRun = params.dryRun || !live;
  const { summary, heldInvoices } = await planAndWriteRun(executor, { ...params, dryRun });
  let dryRunReason: DryRunReason | null = null;
  if (params.dryRun) {
    dryRunReason = 'requested';
  } else if (!live) {
    dryRunReason = 'not_live';
  }

  return { ...summary, ...heldInvoices, dryRun, dryRunReason };
}

/**
 * Runs dunning for one entity on `asOf`, in the caller's tenant
 * transaction: finds for every debtor and currency the steps that are due,
 * and fills the day's message batches and call list. The dunning_states
 * key (invoice, step) lets each invoice reach each step at most once, so
 * running the same date again makes nothing new.
 * Concurrent runs of one entity wait for each other on a transaction lock.
 * Returns the summary that is also stored on the run.
 * Throws "not_live" for a run that would write while the organisation is
 * not live; runDunningRespectingGoLive makes such a run a dry run instead.
 */
export async function runDunning(
  executor: Executor,
  params: RunDunningParams,
): Promise<DunningRunSummary> {
  const { summary } = await planAndWriteRun(executor, params);
  return summary;
}

/** Runs dunning as runDunning documents, and also lists the invoices left out because they are on hold. */
async function planAndWriteRun(
  executor: Executor,
  params: RunDunningParams,
): Promise<{ summary: DunningRunSummary; heldInvoices: HeldInvoiceList }> {
  if (!isPlainDate(params.asOf)) {
    throw new AppError(
      'invalid_input',
      `Run date "${params.asOf}" is not a valid YYYY-MM-DD date.`,
    );
  }
  if (!params.dryRun && !(await isOrganisationLive(executor, params.organisationId))) {
    throw new AppError(
      'not_live',
      'The organisation is not live yet, so a dunning run can only be a dry run; go live first.',
    );
  }
  if (!params.dryRun) {
    await sql`select pg_advisory_xact_lock(hashtext(${`dunning-run:${params.entityId}`}))`.execute(
      executor,
    );
  }

  if (!params.dryRun) {
    // Instalments paid or missed up to the run date release or resume invoices in this run.
    await evaluateArrangements(executor, { ...params, now: new Date() });
  }
  const input = await loadDunningInput(executor, params);
  const plan = planDunningRun(input);
  const heldInvoices = listHeldInvoices(plan, input.debtors);
  if (params.dryRun) {
    return { summary: plan.summary, heldInvoices };
  }

  const runId = await writeDunningRun(executor, { ...params, entityCode: input.entity.code, plan });
  await writeInstalmentReminders(executor, {
    ...params,
    entityCode: input.entity.code,
    runId,
    debtors: input.debtors,
    sendingDay: !plan.summary.notSendingDay,
  });
  // Costs, interest and fees of the steps reached, in this transaction with their dunning states.
  await chargeReachedSteps(executor, { ...params, runId });
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'dunning_run.completed',
    subjectType: 'dunning_run',
    subjectId: runId,
    entityId: params.entityId,
    after: { entityId: params.entityId, includeOnHold: input.includeOnHold, ...plan.summary },
  });

  return { summary: plan.summary, heldInvoices };
}
