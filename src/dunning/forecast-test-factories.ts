import { createArrangement } from '../arrangements/create-arrangement.ts';
import type { DatabaseHandle, Executor } from '../db/database.ts';
import type { Channel } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import { addDays, type PlainDate } from '../dates/plain-date.ts';
import {
  ACTOR,
  createTenant,
  holdDebtor,
  insertInvoice,
  insertPayment,
  insertProfile,
  insertProfileSegment,
  insertPromise,
  type TestTenant,
} from './test-factories.ts';

/**
 * A tenant for the forecast tests: its runs make messages on most sending
 * days over all channels, hit the weekly contact limit and meet a weekend
 * and a closing day in the 30 days from FORECAST_START.
 */

/** A Monday; the 30 days from it hold four weekends and the closing day. */
export const FORECAST_START: PlainDate = '2025-06-02';

/** A Friday on which the entity is closed. */
export const FORECAST_CLOSING_DAY: PlainDate = '2025-06-20';

/** Number of debtors seedForecastTenant creates. */
export const FORECAST_DEBTORS = 24;

/**
 * Steps over e-mail, SMS, call and letter with gaps and a minimum amount.
 * The letter step makes one message per invoice.
 */
const FORECAST_STEPS: Array<{
  name: string;
  dayOffset: number;
  channel: Channel;
  minimum?: string;
  minDaysSincePrevious?: number;
  perInvoice?: boolean;
}> = [
  { name: 'forecast-before-due', dayOffset: -3, channel: 'email' },
  { name: 'forecast-first', dayOffset: 5, channel: 'email', minDaysSincePrevious: 4 },
  { name: 'forecast-sms', dayOffset: 11, channel: 'sms', minDaysSincePrevious: 3 },
  { name: 'forecast-call', dayOffset: 17, channel: 'call', minDaysSincePrevious: 4 },
  {
    name: 'forecast-letter',
    dayOffset: 24,
    channel: 'letter',
    minimum: '100.00',
    minDaysSincePrevious: 5,
    perInvoice: true,
  },
];

/**
 * Creates a live organisation with one entity (Monday to Friday, no public
 * holidays, FORECAST_CLOSING_DAY closed, at most 2 contacts per week) and
 * FORECAST_DEBTORS numbered debtors in a segment with FORECAST_STEPS. Debtors vary:
 * without e-mail (e-mail steps become letters), with a mobile number and a
 * phone, and two pairs share a chamber of commerce number. Each has two or
 * three invoices with due dates spread from 40 days before FORECAST_START to
 * 20 days after it. Two more debtors, R-1 and R-2, share a VAT number (see
 * insertRelatedPair), three have a hold, a payment or a promise to pay
 * dated inside the forecast (see insertDatedChanges), and two have a
 * payment arrangement with instalments due inside it (see insertArrangements).
 */
export async function seedForecastTenant(
  database: DatabaseHandle,
  slug: string,
): Promise<TestTenant> {
  const tenant = await createTenant(database, slug, {
    workingDays: [1, 2, 3, 4, 5],
    holidayCalendar: null,
    maxContactsPerWeek: 2,
  });
  await withOrganisation(database, tenant.organisationId, async (trx) => {
    await trx
      .insertInto('entity_holidays')
      .values({
        organisation_id: tenant.organisationId,
        entity_id: tenant.entity.id,
        holiday: FORECAST_CLOSING_DAY,
        name: 'Company outing',
      })
      .execute();
    const segmentId = await insertForecastProfile(trx, tenant);
    for (let index = 0; index < FORECAST_DEBTORS; index += 1) {
      await insertForecastDebtor(trx, tenant, { index, segmentId });
    }
    await insertRelatedPair(trx, tenant, segmentId);
    await insertDatedChanges(trx, tenant, segmentId);
    await insertArrangements(trx, tenant, segmentId);
  });

  return tenant;
}

/**
 * Adds the segment with FORECAST_STEPS, whose debtors move to a stricter
 * profile (a letter 3 days and a call 10 days past due) from one broken
 * promise to pay on.
 */
async function insertForecastProfile(trx: Executor, tenant: TestTenant): Promise<string> {
  const stricterId = await insertProfile(trx, tenant, {
    name: 'Forecast stricter profile',
    steps: [
      { name: 'forecast-strict-letter', dayOffset: 3, channel: 'letter' },
      { name: 'forecast-strict-call', dayOffset: 10, channel: 'call', minDaysSincePrevious: 2 },
    ],
  });
  const segmentId = await insertProfileSegment(trx, tenant, {
    name: 'Forecast profile',
    steps: FORECAST_STEPS,
    stricter: { profileId: stricterId, threshold: 1 },
  });
  const perInvoice = FORECAST_STEPS.filter((step) => step.perInvoice).map((step) => step.name);
  if (perInvoice.length > 0) {
    await trx
      .updateTable('steps')
      .set({ scope: 'invoice' })
      .where('organisation_id', '=', tenant.organisationId)
      .where('name', 'in', perInvoice)
      .execute();
  }

  return segmentId;
}

/**
 * Inserts debtor number F-<index> with its invoices. Every third debtor has
 * no e-mail address, every second has a mobile number and every fourth a
 * phone. Debtors 0 and 1, and 6 and 7, share a chamber of commerce number.
 */
async function insertForecastDebtor(
  trx: Executor,
  tenant: TestTenant,
  params: { index: number; segmentId: string },
): Promise<void> {
  const { index } = params;
  const number = `F-${String(index).padStart(3, '0')}`;
  const sharedCoc = new Map([
    [0, '1234 56.78'],
    [1, '12345678'],
    [6, '8765.4321'],
    [7, '8765 4321'],
  ]);
  const debtorId = await insertDebtorRow(trx, tenant, {
    number,
    segmentId: params.segmentId,
    email: index % 3 === 0 ? null : `${number.toLowerCase()}@example.test`,
    phone: index % 4 === 0 ? `+3120555${String(index).padStart(4, '0')}` : null,
    cocNumber: sharedCoc.get(index) ?? null,
    vatNumber: null,
  });
  if (index % 2 === 0) {
    await trx
      .insertInto('contacts')
      .values({
        organisation_id: tenant.organisationId,
        debtor_id: debtorId,
        role: 'reminders',
        name: `Contact ${index}`,
        mobile: `+3161234${String(index).padStart(4, '0')}`,
      })
      .execute();
  }

  const invoiceCount = 2 + (index % 2);
  for (let invoice = 0; invoice < invoiceCount; invoice += 1) {
    const spread = (index * 7 + invoice * 13) % 61;
    await insertInvoice(trx, tenant, {
      debtorId,
      number: `${number}-${invoice + 1}`,
      dueDate: addDays(FORECAST_START, spread - 40),
      amount: `${40 + ((index * 37 + invoice * 91) % 400)}.00`,
    });
  }
}

/**
 * Two debtors with the same VAT number, written differently: R-1 gets two
 * messages on FORECAST_START (an invoice due 3 days later and one 10 days
 * past due), which fills the weekly limit of both. R-2's first step falls
 * due the next day, so its runs hold it back until the week has room.
 */
async function insertRelatedPair(
  trx: Executor,
  tenant: TestTenant,
  segmentId: string,
): Promise<void> {
  const first = await insertDebtorRow(trx, tenant, {
    number: 'R-1',
    segmentId,
    email: 'r-1@example.test',
    phone: null,
    cocNumber: null,
    vatNumber: 'NL001234567B01',
  });
  const second = await insertDebtorRow(trx, tenant, {
    number: 'R-2',
    segmentId,
    email: 'r-2@example.test',
    phone: null,
    cocNumber: null,
    vatNumber: 'nl 0012.34567b01',
  });
  const invoices = [
    { debtorId: first, number: 'R-1-1', dueDate: addDays(FORECAST_START, 3) },
    { debtorId: first, number: 'R-1-2', dueDate: addDays(FORECAST_START, -10) },
    { debtorId: second, number: 'R-2-1', dueDate: addDays(FORECAST_START, 4) },
  ];
  for (const invoice of invoices) {
    await insertInvoice(trx, tenant, { ...invoice, amount: '250.00' });
  }
}

/**
 * Adds debtors whose dunning changes on a date inside the forecast, with
 * nothing written in between: H-1 is held until 9 days after
 * FORECAST_START, P-1's invoice is paid in full 6 days after it, and P-2's
 * open promise to pay 3 days after it pauses its dunning until then. P-3
 * broke a promise a month before, so it is on the stricter profile.
 */
async function insertDatedChanges(
  trx: Executor,
  tenant: TestTenant,
  segmentId: string,
): Promise<void> {
  const debtor = (number: string) =>
    insertDebtorRow(trx, tenant, {
      number,
      segmentId,
      email: `${number.toLowerCase()}@example.test`,
      phone: '+31205550000',
      cocNumber: null,
      vatNumber: null,
    });
  const onHold = await debtor('H-1');
  await insertInvoice(trx, tenant, {
    debtorId: onHold,
    number: 'H-1-1',
    dueDate: addDays(FORECAST_START, -12),
    amount: '480.00',
  });
  await holdDebtor(trx, {
    debtorId: onHold,
    reason: 'Disputes the delivery',
    until: addDays(FORECAST_START, 9),
  });

  const paying = await debtor('P-1');
  const paidInvoice = await insertInvoice(trx, tenant, {
    debtorId: paying,
    number: 'P-1-1',
    dueDate: addDays(FORECAST_START, -8),
    amount: '320.00',
  });
  await insertPayment(trx, tenant, {
    debtorId: paying,
    invoiceId: paidInvoice,
    date: addDays(FORECAST_START, 6),
    amount: '320.00',
  });

  const promising = await debtor('P-2');
  await insertInvoice(trx, tenant, {
    debtorId: promising,
    number: 'P-2-1',
    dueDate: addDays(FORECAST_START, -20),
    amount: '750.00',
  });
  await insertPromise(trx, tenant, {
    debtorId: promising,
    promisedDate: addDays(FORECAST_START, 3),
    amount: '750.00',
    createdAt: addDays(FORECAST_START, -2),
  });

  const strict = await debtor('P-3');
  await insertInvoice(trx, tenant, {
    debtorId: strict,
    number: 'P-3-1',
    dueDate: addDays(FORECAST_START, -1),
    amount: '610.00',
  });
  await insertPromise(trx, tenant, {
    debtorId: strict,
    promisedDate: addDays(FORECAST_START, -30),
    amount: '200.00',
    status: 'broken',
    createdAt: addDays(FORECAST_START, -40),
  });
}

/**
 * Adds two debtors with an active payment arrangement, in an entity that
 * breaks an arrangement only 60 days after a missed instalment, so none
 * breaks inside the forecast. A-1 (with e-mail) pays one invoice in 3
 * weekly instalments from the second Monday, reminded 1 day before, and
 * gets step messages for its other invoice. A-2 (without e-mail, so its
 * reminders are letters) pays in 2 monthly instalments from the day after
 * FORECAST_START, reminded 3 days before: the first reminder is due before
 * the forecast starts, and the second falls inside it.
 */
async function insertArrangements(
  trx: Executor,
  tenant: TestTenant,
  segmentId: string,
): Promise<void> {
  await trx
    .updateTable('entities')
    .set({ arrangement_grace_days: 60 })
    .where('id', '=', tenant.entity.id)
    .execute();
  const weekly = await insertDebtorRow(trx, tenant, {
    number: 'A-1',
    segmentId,
    email: 'a-1@example.test',
    phone: null,
    cocNumber: null,
    vatNumber: null,
  });
  const monthly = await insertDebtorRow(trx, tenant, {
    number: 'A-2',
    segmentId,
    email: null,
    phone: null,
    cocNumber: null,
    vatNumber: null,
  });
  const arranged = [
    { debtorId: weekly, number: 'A-1-1', dueDate: addDays(FORECAST_START, -30) },
    { debtorId: monthly, number: 'A-2-1', dueDate: addDays(FORECAST_START, -25) },
  ];
  const invoiceIds: string[] = [];
  for (const invoice of arranged) {
    invoiceIds.push(await insertInvoice(trx, tenant, { ...invoice, amount: '900.00' }));
  }
  await insertInvoice(trx, tenant, {
    debtorId: weekly,
    number: 'A-1-2',
    dueDate: addDays(FORECAST_START, -2),
    amount: '150.00',
  });

  const plans = [
    { debtorId: weekly, count: 3, frequency: 'weekly', firstDue: 7, reminderDays: 1 },
    { debtorId: monthly, count: 2, frequency: 'monthly', firstDue: 1, reminderDays: 3 },
  ] as const;
  for (const [index, plan] of plans.entries()) {
    await createArrangement(trx, {
      organisationId: tenant.organisationId,
      debtorId: plan.debtorId,
      invoiceIds: [invoiceIds[index] ?? ''],
      instalmentCount: plan.count,
      frequency: plan.frequency,
      firstDueDate: addDays(FORECAST_START, plan.firstDue),
      reminderDaysBefore: plan.reminderDays,
      source: 'card',
      approve: true,
      canApprove: true,
      actor: ACTOR,
      now: new Date(`${FORECAST_START}T09:00:00Z`),
    });
  }
}

async function insertDebtorRow(
  trx: Executor,
  tenant: TestTenant,
  values: {
    number: string;
    segmentId: string;
    email: string | null;
    phone: string | null;
    cocNumber: string | null;
    vatNumber: string | null;
  },
): Promise<string> {
  const row = await trx
    .insertInto('debtors')
    .values({
      organisation_id: tenant.organisationId,
      entity_id: tenant.entity.id,
      number: values.number,
      name: `Forecast debtor ${values.number}`,
      kind: 'b2b',
      language: 'en',
      email: values.email,
      phone: values.phone,
      address_line: 'Keizersgracht 1',
      postal_code: '1015 CJ',
      city: 'Amsterdam',
      country: 'NL',
      segment_id: values.segmentId,
      coc_number: values.cocNumber,
      vat_number: values.vatNumber,
      risk_score: null,
      credit_limit_minor: null,
      custom: JSON.stringify({}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  return row.id;
}
