import type { Insertable } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import { loadSendingCalendar, type SendingCalendar } from '../calendar/sending-days.ts';
import type { Executor } from '../db/database.ts';
import type { ChargeKind, ChargeTable } from '../db/schema.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { loadInterestRateTable, type LoadedRateTable } from '../interest/load-rate-table.ts';
import type { InterestKind } from '../interest/statutory-interest-rates.ts';
import {
  computeCollectionCosts,
  splitCollectionCosts,
  type CollectionCostsTerms,
} from './compute-collection-costs.ts';
import { computeStepFee } from './compute-step-fee.ts';
import { computeStepInterest, interestStartDate } from './compute-step-interest.ts';
import { computeFourteenDayTerm } from './fourteen-day-term.ts';
import {
  loadChargeableStates,
  loadExistingCharges,
  loadFirstReminders,
  loadPrincipalOpenOn,
  loadSentFourteenDayLetters,
  type ChargeableState,
  type ExistingCharges,
} from './load-charge-inputs.ts';

export interface ChargeReachedStepsParams {
  organisationId: string;
  entityId: string;
  asOf: PlainDate;
  /** The run that just wrote its dunning states. */
  runId: string;
  actor: string;
}

export interface ChargeReachedStepsResult {
  /** Charges written by this call; a charge that existed already is not counted. */
  created: Record<ChargeKind, number>;
}

interface EntityChargeSettings {
  timeZone: string;
  creditorDeductsVat: boolean;
  vatRateBasisPoints: number;
  letterDeliveryWorkingDays: number;
}

interface ChargeContext {
  params: ChargeReachedStepsParams;
  entity: EntityChargeSettings;
  calendar: SendingCalendar;
  principalOpen: Map<string, number>;
  existing: ExistingCharges;
}

/**
 * Writes the collection costs, interest and fees that the steps reached in
 * the run `runId` charge, in the caller's transaction, so they commit or
 * roll back with the run's dunning states. Each step charges each kind at
 * most once per invoice: the unique key (invoice, step, kind) with ON
 * CONFLICT DO NOTHING keeps a repeated or retried run from charging twice.
 * Collection costs are charged once per invoice, whatever the number of
 * steps that add them. A consumer's costs wait for the fourteen-day term
 * of the letter; the first run on or after the term's end charges them,
 * for steps of earlier runs too. Records one audit event when anything was
 * charged.
 */
export async function chargeReachedSteps(
  executor: Executor,
  params: ChargeReachedStepsParams,
): Promise<ChargeReachedStepsResult> {
  const created: Record<ChargeKind, number> = { collection_costs: 0, interest: 0, fee: 0 };
  const states = await loadChargeableStates(executor, params);
  if (states.length === 0) {
    return { created };
  }

  const invoiceIds = [...new Set(states.map((state) => state.invoiceId))];
  const context: ChargeContext = {
    params,
    entity: await loadEntitySettings(executor, params.entityId),
    calendar: await loadSendingCalendar(executor, params),
    principalOpen: await loadPrincipalOpenOn(executor, { invoiceIds, on: params.asOf }),
    existing: await loadExistingCharges(executor, invoiceIds),
  };
  const currentRun = states.filter((state) => state.runId === params.runId);
  const rows: Array<Insertable<ChargeTable>> = [
    ...feeRows(context, currentRun),
    ...(await interestRows(executor, context, currentRun)),
    ...businessCostsRows(context, currentRun),
    ...(await consumerCostsRows(executor, context, states)),
  ];
  if (rows.length === 0) {
    return { created };
  }

  const inserted = await executor
    .insertInto('charges')
    .values(rows)
    .onConflict((conflict) =>
      conflict
        .columns(['invoice_id', 'step_id', 'kind'])
        .where('step_id', 'is not', null)
        .doNothing(),
    )
    .returning(['id', 'kind', 'invoice_id', 'amount_minor'])
    .execute();
  for (const row of inserted) {
    created[row.kind] += 1;
  }
  if (inserted.length > 0) {
    await recordAudit(executor, {
      organisationId: params.organisationId,
      actor: params.actor,
      action: 'charges.created',
      subjectType: 'dunning_run',
      subjectId: params.runId,
      entityId: params.entityId,
      after: {
        charges: inserted.map((row) => ({
          id: row.id,
          kind: row.kind,
          invoiceId: row.invoice_id,
          amountMinor: Number(row.amount_minor),
        })),
      },
    });
  }

  return { created };
}

async function loadEntitySettings(
  executor: Executor,
  entityId: string,
): Promise<EntityChargeSettings> {
  const row = await executor
    .selectFrom('entities')
    .select([
      'time_zone',
      'creditor_deducts_vat',
      'vat_rate_basis_points',
      'letter_delivery_working_days',
    ])
    .where('id', '=', entityId)
    .executeTakeFirstOrThrow();

  return {
    timeZone: row.time_zone,
    creditorDeductsVat: row.creditor_deducts_vat,
    vatRateBasisPoints: row.vat_rate_basis_points,
    letterDeliveryWorkingDays: row.letter_delivery_working_days,
  };
}

function chargeRow(
  context: ChargeContext,
  state: ChargeableState,
  charge: {
    kind: ChargeKind;
    amountMinor: number;
    vatMinor?: number;
    calculation: Record<string, unknown>;
  },
): Insertable<ChargeTable> {
  return {
    organisation_id: context.params.organisationId,
    entity_id: context.params.entityId,
    debtor_id: state.debtorId,
    invoice_id: state.invoiceId,
    kind: charge.kind,
    step_id: state.stepId,
    run_id: context.params.runId,
    message_id: state.messageId,
    call_task_id: state.callTaskId,
    charged_on: context.params.asOf,
    currency: state.currency,
    amount_minor: charge.amountMinor,
    vat_minor: charge.vatMinor ?? 0,
    calculation: JSON.stringify(charge.calculation),
    waived_at: null,
    waived_by: null,
    waive_reason: null,
  };
}

function feeRows(
  context: ChargeContext,
  states: readonly ChargeableState[],
): Array<Insertable<ChargeTable>> {
  return states.flatMap((state) => {
    const fee = computeStepFee({
      fixedMinor: state.feeFixedMinor,
      basisPoints: state.feeBasisPoints,
      principalMinor: context.principalOpen.get(state.invoiceId) ?? 0,
    });
    if (!fee) {
      return [];
    }
    const { amountMinor, ...calculation } = fee;
    return [chargeRow(context, state, { kind: 'fee', amountMinor, calculation })];
  });
}

async function interestRows(
  executor: Executor,
  context: ChargeContext,
  states: readonly ChargeableState[],
): Promise<Array<Insertable<ChargeTable>>> {
  const interestStates = states.filter((state) => state.addsInterest);
  if (interestStates.length === 0) {
    return [];
  }
  const consumerIds = interestStates
    .filter((state) => state.debtorKind === 'b2c' && state.interestBasis === 'statutory')
    .map((state) => state.invoiceId);
  const firstReminders = await loadFirstReminders(executor, consumerIds);
  const tables = new Map<InterestKind, LoadedRateTable>();
  const tableOf = async (kind: InterestKind) => {
    const cached = tables.get(kind);
    if (cached) {
      return cached;
    }
    const table = await loadInterestRateTable(executor, {
      organisationId: context.params.organisationId,
      kind,
    });
    tables.set(kind, table);
    return table;
  };

  const rows: Array<Insertable<ChargeTable>> = [];
  for (const state of interestStates) {
    const kind: InterestKind = state.debtorKind === 'b2b' ? 'commercial' : 'consumer';
    const reminder = firstReminders.get(state.invoiceId);
    const consumerDefaultFrom = reminder
      ? computeFourteenDayTerm({
          sentOn: reminder.reachedOn,
          channel: reminder.channel,
          deliveryWorkingDays: context.entity.letterDeliveryWorkingDays,
          calendar: context.calendar,
        }).costsFrom
      : null;
    const from = interestStartDate({
      basis: state.interestBasis,
      debtorKind: state.debtorKind,
      dueDate: state.dueDate,
      consumerDefaultFrom,
    });
    if (from === null) {
      continue;
    }
    const previouslyChargedMinor = context.existing.interestMinor.get(state.invoiceId) ?? 0;
    const interest = computeStepInterest({
      rate:
        state.interestBasis === 'contractual'
          ? { basis: 'contractual', basisPoints: state.contractualInterestBasisPoints ?? 0 }
          : { basis: 'statutory', table: await tableOf(kind) },
      kind,
      principalMinor: context.principalOpen.get(state.invoiceId) ?? 0,
      from,
      through: context.params.asOf,
      previouslyChargedMinor,
    });
    if (!interest) {
      continue;
    }
    context.existing.interestMinor.set(
      state.invoiceId,
      previouslyChargedMinor + interest.amountMinor,
    );
    rows.push(
      chargeRow(context, state, {
        kind: 'interest',
        amountMinor: interest.amountMinor,
        calculation: interest.calculation,
      }),
    );
  }

  return rows;
}

function costsTerms(context: ChargeContext, state: ChargeableState): CollectionCostsTerms {
  return {
    currency: state.currency,
    debtorKind: state.debtorKind,
    contractCostsBasisPoints: state.contractCostsBasisPoints,
    creditorDeductsVat: context.entity.creditorDeductsVat,
    vatRateBasisPoints: context.entity.vatRateBasisPoints,
  };
}

/**
 * Business debtors owe collection costs when the step is reached: over the
 * principal open of the invoices that one message or call task covers,
 * split over those invoices.
 */
function businessCostsRows(
  context: ChargeContext,
  states: readonly ChargeableState[],
): Array<Insertable<ChargeTable>> {
  const groups = new Map<string, ChargeableState[]>();
  for (const state of states) {
    if (
      state.debtorKind !== 'b2b' ||
      !state.addsCollectionCosts ||
      context.existing.withCosts.has(state.invoiceId)
    ) {
      continue;
    }
    const key = `${state.stepId}:${state.messageId ?? state.callTaskId ?? state.invoiceId}`;
    groups.set(key, [...(groups.get(key) ?? []), state]);
  }

  return [...groups.values()].flatMap((group) => costsRowsForGroup(context, group, {}));
}

/**
 * Consumers owe collection costs only after a fourteen-day letter was sent
 * for the invoice and its term has passed, over the principal open on the
 * term's last day, and never more than the costs the letter stated. The
 * invoices of one letter are charged together, like the letter stated them.
 */
async function consumerCostsRows(
  executor: Executor,
  context: ChargeContext,
  states: readonly ChargeableState[],
): Promise<Array<Insertable<ChargeTable>>> {
  const firstStateByInvoice = new Map<string, ChargeableState>();
  for (const state of states) {
    if (
      state.debtorKind === 'b2c' &&
      state.addsCollectionCosts &&
      !context.existing.withCosts.has(state.invoiceId) &&
      !firstStateByInvoice.has(state.invoiceId)
    ) {
      firstStateByInvoice.set(state.invoiceId, state);
    }
  }
  const letters = await loadSentFourteenDayLetters(executor, {
    invoiceIds: [...firstStateByInvoice.keys()],
    timeZone: context.entity.timeZone,
  });

  const groups = new Map<string, ChargeableState[]>();
  for (const [invoiceId, state] of firstStateByInvoice) {
    const letter = letters.get(invoiceId);
    if (letter) {
      groups.set(letter.messageId, [...(groups.get(letter.messageId) ?? []), state]);
    }
  }

  const rows: Array<Insertable<ChargeTable>> = [];
  for (const [letterId, group] of groups) {
    const first = group[0];
    const letter = first && letters.get(first.invoiceId);
    if (!first || !letter) {
      continue;
    }
    const term = computeFourteenDayTerm({
      sentOn: letter.sentOn,
      channel: letter.channel,
      deliveryWorkingDays: context.entity.letterDeliveryWorkingDays,
      calendar: context.calendar,
    });
    if (term.costsFrom > context.params.asOf) {
      continue;
    }
    const openAtTermEnd = await loadPrincipalOpenOn(executor, {
      invoiceIds: group.map((state) => state.invoiceId),
      on: term.termEnd,
    });
    const stated = computeCollectionCosts(letter.statedTotalMinor, costsTerms(context, first));
    rows.push(
      ...costsRowsForGroup(context, group, {
        principalOpen: openAtTermEnd,
        netCapMinor: stated?.netMinor ?? 0,
        detail: { fourteenDayLetter: { messageId: letterId, ...term, statedCosts: stated } },
      }),
    );
  }

  return rows;
}

function costsRowsForGroup(
  context: ChargeContext,
  group: readonly ChargeableState[],
  options: {
    principalOpen?: Map<string, number>;
    netCapMinor?: number;
    detail?: Record<string, unknown>;
  },
): Array<Insertable<ChargeTable>> {
  const first = group[0];
  if (!first) {
    return [];
  }
  const principalOpen = options.principalOpen ?? context.principalOpen;
  const terms = costsTerms(context, first);
  const split = splitCollectionCosts(
    group.map((state) => ({
      invoiceId: state.invoiceId,
      principalMinor: principalOpen.get(state.invoiceId) ?? 0,
    })),
    terms,
    options.netCapMinor ?? null,
  );
  if (!split) {
    return [];
  }

  return split.parts.flatMap((part) => {
    const state = group.find((candidate) => candidate.invoiceId === part.invoiceId);
    if (!state || part.amountMinor <= 0) {
      return [];
    }
    context.existing.withCosts.add(part.invoiceId);
    return [
      chargeRow(context, state, {
        kind: 'collection_costs',
        amountMinor: part.amountMinor,
        vatMinor: part.vatMinor,
        calculation: {
          basis: split.whole.basis,
          principalMinor: part.principalMinor,
          netMinor: part.netMinor,
          vatMinor: part.vatMinor,
          vatRateBasisPoints: terms.creditorDeductsVat ? 0 : terms.vatRateBasisPoints,
          raisedToMinimum: part.raisedToMinimum,
          ...(terms.contractCostsBasisPoints !== null &&
            terms.debtorKind === 'b2b' && { contractBasisPoints: terms.contractCostsBasisPoints }),
          whole: split.whole,
          invoiceIds: group.map((candidate) => candidate.invoiceId),
          ...options.detail,
        },
      }),
    ];
  });
}
