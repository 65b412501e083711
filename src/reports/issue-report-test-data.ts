import type { DayKind, Entity, IssueOutcome, IssueStatus } from '../db/schema.ts';
import type { TenantTransaction } from '../db/tenant.ts';
import { addDays } from '../dates/plain-date.ts';
import { buildDebtor, buildInvoice, buildPayment } from '../debtors/test-factories.ts';

/**
 * Issues with known dates and amounts for the tests of the issue report, in
 * one entity, for a report from 2026-01-01 to 2026-06-30. The expected
 * figures are worked out by hand in the tests that use it.
 *
 * Category "Price difference" (process Sales, 14 calendar days, pauses
 * dunning) and category "Damaged goods" (process Logistics, 5 working days).
 * Open on 2026-06-30:
 * - I1 price, Sales, opened 06-28, invoices INV1 100.00 and INV2 50.00 (20.00 paid on 06-01);
 * - I2 price, Sales, opened 06-20, invoice INV1 (shared with I1);
 * - I3 damaged, no department, opened 05-31, whole debtor D2: INV3 200.00,
 *   credit note INV4 -25.00, INV5 40.00 paid in full on 06-10, INV6 dated 07-05;
 * - I4 damaged, Customer Service, opened 04-01, invoice INV7 USD 300.00;
 * - I5 price, Sales, opened 05-01, resolved on 07-02 (after the period), invoice INV8 80.00;
 * - I6 damaged, Sales, opened 06-23, invoice INV9 10.00.
 * Closed: ten price issues taking 1 to 10 days with a deadline of 7 days.
 * The first of them was opened 2025-12-31 and closed 2026-01-01. Three
 * damaged issues took 7 (in time by working days), 9 (late) and 4 days. One
 * more price issue closed 2025-12-31, before the period. One damaged issue
 * opened on 2026-07-01, after the period, is still open.
 */
export interface IssueReportFixture {
  priceCategoryId: string;
  damagedCategoryId: string;
  /** Issue ids by their name above (I1 to I6). */
  openIssueIds: Record<'I1' | 'I2' | 'I3' | 'I4' | 'I5' | 'I6', string>;
}

interface IssueValues {
  categoryId: string;
  debtorId: string;
  openedOn: string;
  deadline: string;
  departmentId?: string | null;
  closedOn?: string;
  status?: IssueStatus;
  outcome?: IssueOutcome | null;
  invoiceIds?: string[];
}

export async function seedIssueReportFixture(
  trx: TenantTransaction,
  entity: Entity,
): Promise<IssueReportFixture> {
  const departmentId = async (name: string) =>
    (
      await trx
        .selectFrom('departments')
        .select('id')
        .where('name', '=', name)
        .executeTakeFirstOrThrow()
    ).id;
  const sales = await departmentId('Sales');
  const customerService = await departmentId('Customer Service');

  const priceCategoryId = await insertCategory(trx, entity, {
    processName: 'Sales',
    name: 'Price difference',
    names: { nl: 'Prijsverschil' },
    daysToResolve: 14,
    dayKind: 'calendar',
    pausesDunning: true,
  });
  const damagedCategoryId = await insertCategory(trx, entity, {
    processName: 'Logistics',
    name: 'Damaged goods',
    names: { nl: 'Beschadigde goederen' },
    daysToResolve: 5,
    dayKind: 'working',
    pausesDunning: false,
  });

  const d1 = await buildDebtor(trx, entity, { number: 'D1', name: 'Acme Trading' });
  const d2 = await buildDebtor(trx, entity, { number: 'D2', name: 'Bakker Foods' });
  const d3 = await buildDebtor(trx, entity, { number: 'D3', name: 'Corner Shop' });
  const invoice = (
    debtor: typeof d1,
    number: string,
    amountMinor: number,
    extra: { currency?: string; invoiceDate?: string } = {},
  ) =>
    buildInvoice(trx, debtor, {
      number,
      amountMinor,
      dueDate: '2026-05-15',
      invoiceDate: extra.invoiceDate ?? '2026-04-15',
      currency: extra.currency ?? 'EUR',
    });
  const inv1 = await invoice(d1, 'INV1', 100_00);
  const inv2 = await invoice(d1, 'INV2', 50_00);
  await buildPayment(trx, inv2, { amountMinor: 20_00, paymentDate: '2026-06-01' });
  await invoice(d2, 'INV3', 200_00);
  await invoice(d2, 'INV4', -25_00);
  const inv5 = await invoice(d2, 'INV5', 40_00);
  await buildPayment(trx, inv5, { amountMinor: 40_00, paymentDate: '2026-06-10' });
  await invoice(d2, 'INV6', 999_00, { invoiceDate: '2026-07-05' });
  const inv7 = await invoice(d3, 'INV7', 300_00, { currency: 'USD' });
  const inv8 = await invoice(d3, 'INV8', 80_00);
  const inv9 = await invoice(d3, 'INV9', 10_00);

  const add = (values: IssueValues) => insertIssue(trx, entity, values);
  const price = { categoryId: priceCategoryId };
  const damaged = { categoryId: damagedCategoryId };
  const openIssueIds = {
    I1: await add({
      ...price,
      debtorId: d1.id,
      openedOn: '2026-06-28',
      deadline: '2026-07-12',
      departmentId: sales,
      invoiceIds: [inv1.id, inv2.id],
    }),
    I2: await add({
      ...price,
      debtorId: d1.id,
      openedOn: '2026-06-20',
      deadline: '2026-07-04',
      departmentId: sales,
      invoiceIds: [inv1.id],
    }),
    I3: await add({ ...damaged, debtorId: d2.id, openedOn: '2026-05-31', deadline: '2026-06-05' }),
    I4: await add({
      ...damaged,
      debtorId: d3.id,
      openedOn: '2026-04-01',
      deadline: '2026-04-08',
      departmentId: customerService,
      invoiceIds: [inv7.id],
    }),
    I5: await add({
      ...price,
      debtorId: d3.id,
      openedOn: '2026-05-01',
      deadline: '2026-05-15',
      departmentId: sales,
      invoiceIds: [inv8.id],
      status: 'resolved',
      closedOn: '2026-07-02',
      outcome: 'favour_creditor',
    }),
    I6: await add({
      ...damaged,
      debtorId: d3.id,
      openedOn: '2026-06-23',
      deadline: '2026-06-30',
      departmentId: sales,
      invoiceIds: [inv9.id],
    }),
  };
  await add({ ...damaged, debtorId: d3.id, openedOn: '2026-07-01', deadline: '2026-07-08' });

  // Ten price issues taking 1 to 10 days, each with a deadline 7 days after opening.
  const priceOutcomes: Array<IssueOutcome | 'rejected'> = [
    'favour_debtor',
    'favour_debtor',
    'favour_debtor',
    'favour_debtor',
    'favour_creditor',
    'favour_creditor',
    'favour_creditor',
    'partly',
    'partly',
    'rejected',
  ];
  // Opened in December (1 day), February (2, 3), March (4 to 6) and April (7 to 10).
  const priceOpenedOn = (days: number): string => {
    if (days === 1) {
      return '2025-12-31';
    }
    if (days <= 3) {
      return '2026-02-10';
    }
    return days <= 6 ? '2026-03-10' : '2026-04-10';
  };
  for (let days = 1; days <= 10; days += 1) {
    const openedOn = priceOpenedOn(days);
    const outcome = priceOutcomes[days - 1] ?? 'rejected';
    await add({
      ...price,
      debtorId: d1.id,
      openedOn,
      deadline: addDays(openedOn, 7),
      closedOn: addDays(openedOn, days),
      status: outcome === 'rejected' ? 'rejected' : 'resolved',
      outcome: outcome === 'rejected' ? null : outcome,
    });
  }
  await add({
    ...price,
    debtorId: d1.id,
    openedOn: '2025-12-20',
    deadline: '2026-01-03',
    closedOn: '2025-12-31',
    status: 'resolved',
    outcome: 'favour_debtor',
  });

  // Five working days from Friday 2026-03-06 end on Friday 03-13: 7 calendar days, in time.
  const damagedClosed: Array<[string, string, string, IssueOutcome]> = [
    ['2026-03-06', '2026-03-13', '2026-03-13', 'partly'],
    ['2026-03-02', '2026-03-09', '2026-03-11', 'favour_creditor'],
    ['2026-02-02', '2026-02-09', '2026-02-06', 'favour_creditor'],
  ];
  for (const [openedOn, deadline, closedOn, outcome] of damagedClosed) {
    await add({
      ...damaged,
      debtorId: d2.id,
      openedOn,
      deadline,
      closedOn,
      status: 'resolved',
      outcome,
    });
  }

  return { priceCategoryId, damagedCategoryId, openIssueIds };
}

async function insertCategory(
  trx: TenantTransaction,
  entity: Entity,
  values: {
    processName: string;
    name: string;
    names: Record<string, string>;
    daysToResolve: number;
    dayKind: DayKind;
    pausesDunning: boolean;
  },
): Promise<string> {
  const process = await trx
    .insertInto('business_processes')
    .values({ organisation_id: entity.organisation_id, name: values.processName })
    .returning('id')
    .executeTakeFirstOrThrow();
  const category = await trx
    .insertInto('issue_categories')
    .values({
      organisation_id: entity.organisation_id,
      process_id: process.id,
      name: values.name,
      names: JSON.stringify(values.names),
      days_to_resolve: values.daysToResolve,
      day_kind: values.dayKind,
      pauses_dunning: values.pausesDunning,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  return category.id;
}

async function insertIssue(
  trx: TenantTransaction,
  entity: Entity,
  values: IssueValues,
): Promise<string> {
  const issue = await trx
    .insertInto('issues')
    .values({
      organisation_id: entity.organisation_id,
      entity_id: entity.id,
      debtor_id: values.debtorId,
      category_id: values.categoryId,
      department_id: values.departmentId ?? null,
      status: values.status ?? 'in_progress',
      description: 'Report test issue',
      deadline: values.deadline,
      opened_by: 'test',
      opened_on: values.openedOn,
      closed_on: values.closedOn ?? null,
      outcome: values.outcome ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const invoiceId of values.invoiceIds ?? []) {
    await trx
      .insertInto('issue_invoices')
      .values({
        organisation_id: entity.organisation_id,
        entity_id: entity.id,
        issue_id: issue.id,
        invoice_id: invoiceId,
      })
      .execute();
  }

  return issue.id;
}
