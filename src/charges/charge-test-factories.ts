import type { DatabaseHandle, Executor } from '../db/database.ts';
import type { ChargeKind } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import type { TestTenant } from '../dunning/test-factories.ts';

/** Charge settings that the tests set on a step found by its name. */
export interface StepChargeOptions {
  feeFixedMinor?: number;
  feeBasisPoints?: number;
  interestBasis?: 'statutory' | 'contractual';
  contractualInterestBasisPoints?: number | null;
  isFourteenDayLetter?: boolean;
}

export async function setStepCharges(
  trx: Executor,
  tenant: TestTenant,
  stepName: string,
  options: StepChargeOptions,
): Promise<void> {
  if (Object.keys(options).length === 0) {
    return;
  }
  await trx
    .updateTable('steps')
    .set({
      ...(options.feeFixedMinor !== undefined && { fee_fixed_minor: options.feeFixedMinor }),
      ...(options.feeBasisPoints !== undefined && { fee_basis_points: options.feeBasisPoints }),
      ...(options.interestBasis !== undefined && { interest_basis: options.interestBasis }),
      ...(options.contractualInterestBasisPoints !== undefined && {
        contractual_interest_basis_points: options.contractualInterestBasisPoints,
      }),
      ...(options.isFourteenDayLetter !== undefined && {
        is_fourteen_day_letter: options.isFourteenDayLetter,
      }),
    })
    .where('organisation_id', '=', tenant.organisationId)
    .where('name', '=', stepName)
    .execute();
}

export interface StoredCharge {
  id: string;
  invoiceNumber: string;
  kind: ChargeKind;
  step: string | null;
  chargedOn: string;
  amountMinor: number;
  vatMinor: number;
  calculation: Record<string, unknown>;
}

/** Reads the tenant's charges, by invoice number, kind and date. */
export async function readCharges(
  database: DatabaseHandle,
  tenant: TestTenant,
): Promise<StoredCharge[]> {
  const rows = await withOrganisation(database, tenant.organisationId, (trx) =>
    trx
      .selectFrom('charges as c')
      .innerJoin('invoices as i', 'i.id', 'c.invoice_id')
      .leftJoin('steps as s', 's.id', 'c.step_id')
      .select([
        'c.id',
        'i.number',
        'c.kind',
        's.name',
        'c.charged_on',
        'c.amount_minor',
        'c.vat_minor',
        'c.calculation',
      ])
      .orderBy('i.number')
      .orderBy('c.kind')
      .orderBy('c.charged_on')
      .execute(),
  );

  return rows.map((row) => ({
    id: row.id,
    invoiceNumber: row.number,
    kind: row.kind,
    step: row.name,
    chargedOn: row.charged_on,
    amountMinor: Number(row.amount_minor),
    vatMinor: Number(row.vat_minor),
    calculation: row.calculation,
  }));
}
