import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import {
  createTenant,
  insertDebtor,
  insertInvoice,
  insertPayment,
  insertProfileSegment,
  readMessages,
  runOn,
  SETUP_TIMEOUT_MS,
  type TestStep,
  type TestTenant,
} from '../dunning/test-factories.ts';
import { loadInvoiceBalances } from '../payments/invoice-balances.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { chargeReachedSteps } from './charge-reached-steps.ts';
import { readCharges, setStepCharges, type StepChargeOptions } from './charge-test-factories.ts';

let testDatabase: TestDatabase;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await testDatabase.drop();
});

/** Creates a tenant with one debtor, its invoices and a profile with one charging step. */
async function tenantWithStep(
  slug: string,
  values: {
    step: TestStep;
    charges?: StepChargeOptions;
    kind?: 'b2b' | 'b2c';
    invoices?: Array<{ number: string; amount: string; dueDate?: string }>;
    contractCostsBasisPoints?: number;
  },
): Promise<{ tenant: TestTenant; debtorId: string; invoiceIds: string[] }> {
  const tenant = await createTenant(testDatabase.database, slug);
  return withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
    const segmentId = await insertProfileSegment(trx, tenant, {
      name: `${slug} profile`,
      steps: [values.step],
    });
    await setStepCharges(trx, tenant, values.step.name, values.charges ?? {});
    const debtorId = await insertDebtor(trx, tenant, {
      number: 'D-1',
      kind: values.kind ?? 'b2b',
      segmentId,
    });
    if (values.contractCostsBasisPoints !== undefined) {
      await trx
        .updateTable('debtors')
        .set({ contract_costs_basis_points: values.contractCostsBasisPoints })
        .where('id', '=', debtorId)
        .execute();
    }
    const invoiceIds: string[] = [];
    for (const invoice of values.invoices ?? [{ number: 'F-1', amount: '1000.00' }]) {
      invoiceIds.push(
        await insertInvoice(trx, tenant, {
          debtorId,
          number: invoice.number,
          dueDate: invoice.dueDate ?? '2024-03-01',
          amount: invoice.amount,
        }),
      );
    }
    return { tenant, debtorId, invoiceIds };
  });
}

function balancesOf(tenant: TestTenant, invoiceIds: string[]) {
  return withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
    loadInvoiceBalances(trx, { organisationId: tenant.organisationId, invoiceIds }),
  );
}

function chargeAudits(tenant: TestTenant) {
  return withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
    trx
      .selectFrom('audit_events')
      .select('after')
      .where('action', '=', 'charges.created')
      .execute(),
  );
}

describe('chargeReachedSteps in the dunning run', () => {
  it('charges a fee once however often it runs', async () => {
    const { tenant, invoiceIds } = await tenantWithStep('fee-once', {
      step: { name: 'Fee step', dayOffset: 30 },
      charges: { feeBasisPoints: 1000 },
      invoices: [{ number: 'F-1', amount: '200.00' }],
    });

    for (let hour = 0; hour < 24; hour += 1) {
      await runOn(testDatabase.database, tenant, '2024-03-31');
    }
    await runOn(testDatabase.database, tenant, '2024-04-01');
    await runOn(testDatabase.database, tenant, '2024-04-01');
    const messages = await readMessages(testDatabase.database, tenant);
    const charges = await readCharges(testDatabase.database, tenant);
    const [balance] = await balancesOf(tenant, invoiceIds);
    const audits = await chargeAudits(tenant);

    expect(messages).toHaveLength(1);
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({ kind: 'fee', amountMinor: 2_000, chargedOn: '2024-03-31' });
    expect(balance?.feesOpenMinor).toBe(2_000);
    expect(balance?.totalOpenMinor).toBe(22_000);
    expect(audits).toHaveLength(1);
  });

  it('retry after a crash charges once', async () => {
    const { tenant } = await tenantWithStep('fee-crash', {
      step: { name: 'Crash step', dayOffset: 30 },
      charges: { feeFixedMinor: 1_500 },
    });
    const crash = new Error('crash after the run wrote its rows');

    await expect(
      withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
        const { runDunning } = await import('../dunning/run-dunning.ts');
        await runDunning(trx, {
          organisationId: tenant.organisationId,
          entityId: tenant.entity.id,
          asOf: '2024-03-31',
          dryRun: false,
          actor: 'test',
        });
        throw crash;
      }),
    ).rejects.toBe(crash);
    const afterCrash = await readCharges(testDatabase.database, tenant);
    await runOn(testDatabase.database, tenant, '2024-03-31');
    await runOn(testDatabase.database, tenant, '2024-03-31');

    expect(afterCrash).toHaveLength(0);
    expect(await readCharges(testDatabase.database, tenant)).toHaveLength(1);
  });

  it('charging one run twice writes nothing new', async () => {
    const { tenant } = await tenantWithStep('fee-twice', {
      step: { name: 'Twice step', dayOffset: 30, addsInterest: true },
      charges: { feeFixedMinor: 1_500 },
    });
    await runOn(testDatabase.database, tenant, '2024-03-31');
    const run = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx.selectFrom('dunning_runs').select('id').executeTakeFirstOrThrow(),
    );

    const again = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      chargeReachedSteps(trx, {
        organisationId: tenant.organisationId,
        entityId: tenant.entity.id,
        asOf: '2024-03-31',
        runId: run.id,
        actor: 'test',
      }),
    );

    expect(again.created).toEqual({ collection_costs: 0, interest: 0, fee: 0 });
    expect(await readCharges(testDatabase.database, tenant)).toHaveLength(2);
  });

  it.each([
    [
      'no interest, fee 50.00',
      { interestBasis: 'contractual', contractualInterestBasisPoints: 0, feeFixedMinor: 5_000 },
      0,
      105_000,
    ],
    [
      '10% interest, fee 50.00',
      { interestBasis: 'contractual', contractualInterestBasisPoints: 1000, feeFixedMinor: 5_000 },
      822,
      105_822,
    ],
    [
      'no interest, no fee',
      { interestBasis: 'contractual', contractualInterestBasisPoints: 0 },
      0,
      100_000,
    ],
  ] as const)('1,000.00 30 days overdue, %s', async (_name, charges, interest, total) => {
    const slug = `level-${total}`;
    const { tenant, invoiceIds } = await tenantWithStep(slug, {
      step: { name: `Level ${total}`, dayOffset: 30, addsInterest: true },
      charges,
    });

    await runOn(testDatabase.database, tenant, '2024-03-31');
    const [balance] = await balancesOf(tenant, invoiceIds);

    expect(balance?.interestOpenMinor).toBe(interest);
    expect(balance?.feesOpenMinor).toBe('feeFixedMinor' in charges ? charges.feeFixedMinor : 0);
    expect(balance?.totalOpenMinor).toBe(total);
  });

  it('interest of later steps adds only new days', async () => {
    const tenant = await createTenant(testDatabase.database, 'interest-steps');
    const invoiceId = await withOrganisation(
      testDatabase.database,
      tenant.organisationId,
      async (trx) => {
        const segmentId = await insertProfileSegment(trx, tenant, {
          name: 'Interest twice',
          steps: [
            { name: 'Interest 30', dayOffset: 30, addsInterest: true },
            { name: 'Interest 60', dayOffset: 60, addsInterest: true },
          ],
        });
        const debtorId = await insertDebtor(trx, tenant, { number: 'D-1', segmentId });
        return insertInvoice(trx, tenant, {
          debtorId,
          number: 'F-1',
          dueDate: '2024-03-01',
          amount: '10000.00',
        });
      },
    );

    await runOn(testDatabase.database, tenant, '2024-03-31');
    await runOn(testDatabase.database, tenant, '2024-04-30');
    const charges = await readCharges(testDatabase.database, tenant);
    const [balance] = await balancesOf(tenant, [invoiceId]);
    const last = charges.at(-1)?.calculation;

    // Built-in commercial rate: 12.5% from 1 July 2023, 11.5% from 1 January 2025.
    expect(charges.map((charge) => charge.amountMinor)).toEqual([10_274, 10_274]);
    expect(last).toMatchObject({
      from: '2024-03-02',
      through: '2024-04-30',
      cumulativeMinor: 20_548,
      previouslyChargedMinor: 10_274,
    });
    expect(balance?.interestOpenMinor).toBe(20_548);
  });

  it('partial payment lowers the interest base', async () => {
    const { tenant, debtorId, invoiceIds } = await tenantWithStep('interest-partial', {
      step: { name: 'Partial interest', dayOffset: 30, addsInterest: true },
      charges: { interestBasis: 'contractual', contractualInterestBasisPoints: 1000 },
    });
    await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      insertPayment(trx, tenant, {
        debtorId,
        invoiceId: invoiceIds[0] ?? '',
        date: '2024-03-15',
        amount: '500.00',
      }),
    );

    await runOn(testDatabase.database, tenant, '2024-03-31');
    const [charge] = await readCharges(testDatabase.database, tenant);

    expect(charge?.amountMinor).toBe(411);
    expect(charge?.calculation).toMatchObject({ baseMinor: 50_000 });
  });
});

describe('collection costs of business debtors', () => {
  it('splits the scale over one message', async () => {
    const { tenant, invoiceIds } = await tenantWithStep('costs-split', {
      step: { name: 'Costs', dayOffset: 30, addsCollectionCosts: true },
      invoices: [
        { number: 'F-1', amount: '1000.00' },
        { number: 'F-2', amount: '2000.00' },
      ],
    });
    await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx
        .updateTable('entities')
        .set({ creditor_deducts_vat: false })
        .where('id', '=', tenant.entity.id)
        .execute(),
    );

    await runOn(testDatabase.database, tenant, '2024-03-31');
    await runOn(testDatabase.database, tenant, '2024-04-01');
    const charges = await readCharges(testDatabase.database, tenant);
    const balances = await balancesOf(tenant, invoiceIds);

    expect(
      charges.map((charge) => [charge.invoiceNumber, charge.amountMinor, charge.vatMinor]),
    ).toEqual([
      ['F-1', 17_142, 2_975],
      ['F-2', 34_283, 5_950],
    ]);
    expect(balances.reduce((sum, balance) => sum + balance.costsOpenMinor, 0)).toBe(51_425);
  });

  it('at least EUR 40 per invoice', async () => {
    const { tenant } = await tenantWithStep('costs-minimum', {
      step: { name: 'Costs minimum', dayOffset: 30, addsCollectionCosts: true },
      invoices: [
        { number: 'F-1', amount: '100.00' },
        { number: 'F-2', amount: '5000.00' },
      ],
    });

    await runOn(testDatabase.database, tenant, '2024-03-31');
    const charges = await readCharges(testDatabase.database, tenant);

    expect(charges.map((charge) => charge.amountMinor)).toEqual([4_000, 61_765]);
    expect(charges[0]?.calculation).toMatchObject({ raisedToMinimum: true });
  });

  it('contract share instead of the scale', async () => {
    const { tenant } = await tenantWithStep('costs-contract', {
      step: { name: 'Costs contract', dayOffset: 30, addsCollectionCosts: true },
      contractCostsBasisPoints: 1000,
    });

    await runOn(testDatabase.database, tenant, '2024-03-31');
    const charges = await readCharges(testDatabase.database, tenant);

    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({ amountMinor: 10_000, vatMinor: 0 });
    expect(charges[0]?.calculation).toMatchObject({ basis: 'contract', contractBasisPoints: 1000 });
  });

  it('costs once per invoice across steps', async () => {
    const tenant = await createTenant(testDatabase.database, 'costs-two-steps');
    await withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
      const segmentId = await insertProfileSegment(trx, tenant, {
        name: 'Costs twice',
        steps: [
          { name: 'Costs A', dayOffset: 30, addsCollectionCosts: true },
          { name: 'Costs B', dayOffset: 45, addsCollectionCosts: true },
        ],
      });
      const debtorId = await insertDebtor(trx, tenant, { number: 'D-1', segmentId });
      await insertInvoice(trx, tenant, {
        debtorId,
        number: 'F-1',
        dueDate: '2024-03-01',
        amount: '1000.00',
      });
    });

    await runOn(testDatabase.database, tenant, '2024-03-31');
    await runOn(testDatabase.database, tenant, '2024-04-15');
    const charges = await readCharges(testDatabase.database, tenant);

    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({ step: 'Costs A', amountMinor: 15_000 });
  });
});
