import { createUser } from '../../src/auth/create-user.ts';
import { addDays, dateInTimeZone } from '../../src/dates/plain-date.ts';
import type { DatabaseHandle, Executor } from '../../src/db/database.ts';
import { withOrganisation } from '../../src/db/tenant.ts';
import { runDunning } from '../../src/dunning/run-dunning.ts';
import { NO_SENDING_RULES } from '../../src/dunning/test-factories.ts';
import { addEntity } from '../../src/entities/add-entity.ts';
import { parseAmount } from '../../src/money/money.ts';
import { createOrganisation } from '../../src/organisations/organisations.ts';

/** The ids of a seeded organisation and the date its batches are for. */
export interface SeededTenant {
  organisationId: string;
  entityId: string;
  entityCode: string;
  /** Today in the entity's time zone: the run date of today's batches. */
  today: string;
}

const actor = 'browser-test';

interface DebtorSeed {
  number: string;
  name: string;
  language: 'nl' | 'en';
  kind: 'b2b' | 'b2c';
  phone: string | null;
  invoices: InvoiceSeed[];
}

interface InvoiceSeed {
  /** Days past due today; negative before the due date. */
  days: number;
  /** Amount in EUR as decimal text. */
  amount: string;
  holdReason?: string;
  /** Part paid yesterday, in EUR as decimal text. */
  paid?: string;
}

const debtors: DebtorSeed[] = [
  {
    number: 'D-1001',
    name: 'Bakkerij De Korenaar B.V.',
    language: 'nl',
    kind: 'b2b',
    phone: '+31 20 555 0101',
    invoices: [
      { days: 8, amount: '1250.00' },
      { days: 12, amount: '310.45' },
    ],
  },
  {
    number: 'D-1002',
    name: 'Northwind Trading Ltd',
    language: 'en',
    kind: 'b2b',
    phone: '+44 20 7946 0102',
    invoices: [
      { days: 22, amount: '4820.10' },
      { days: 30, amount: '960.00', holdReason: 'Delivery disputed' },
    ],
  },
  {
    number: 'D-1003',
    name: 'J. de Vries',
    language: 'nl',
    kind: 'b2c',
    phone: null,
    invoices: [{ days: 36, amount: '189.99' }],
  },
  {
    number: 'D-1004',
    name: 'Van den Berg Installatietechniek',
    language: 'nl',
    kind: 'b2b',
    phone: '+31 30 555 0104',
    invoices: [
      { days: 45, amount: '12500.00', paid: '2500.00' },
      { days: 95, amount: '730.00' },
    ],
  },
  {
    number: 'D-1005',
    name: 'Keukenstudio Oost',
    language: 'nl',
    kind: 'b2b',
    phone: '+31 10 555 0105',
    invoices: [{ days: -10, amount: '2100.00' }],
  },
];

/**
 * Creates a small organisation for browser tests: one user, one Dutch entity,
 * and debtors with invoices at several ages, a part payment and an invoice on
 * hold. It then runs dunning for ten days ago and for today, which fills
 * message batches (today's and earlier ones) with e-mails, letters and call
 * tasks.
 */
export async function seedTenant(
  database: DatabaseHandle,
  params: { slug: string; username: string; password: string },
): Promise<SeededTenant> {
  const organisation = await createOrganisation(database, {
    live: true,
    slug: params.slug,
    name: 'Browser test organisation',
    actor,
  });
  const organisationId = organisation.id;
  const entity = await withOrganisation(database, organisationId, async (trx) => {
    await createUser(trx, {
      organisationId,
      actor,
      username: params.username,
      email: `${params.username}@example.test`,
      name: 'Anna Jansen',
      password: params.password,
      group: 'administrator',
    });
    return addEntity(trx, {
      organisationId,
      actor,
      // Every day a sending day and no contact limit, so the runs below and
      // in the tests create the same messages on any date.
      input: {
        code: 'NL01',
        name: 'Collecta Demo B.V.',
        currency: 'EUR',
        country: 'NL',
        ...NO_SENDING_RULES,
      },
    });
  });
  const today = dateInTimeZone(new Date(), entity.time_zone);

  await withOrganisation(database, organisationId, (trx) =>
    insertDebtors(trx, { organisationId, entityId: entity.id, today }),
  );
  for (const asOf of [addDays(today, -10), today]) {
    await withOrganisation(database, organisationId, (trx) =>
      runDunning(trx, { organisationId, entityId: entity.id, asOf, dryRun: false, actor }),
    );
  }

  return { organisationId, entityId: entity.id, entityCode: entity.code, today };
}

async function insertDebtors(
  trx: Executor,
  params: { organisationId: string; entityId: string; today: string },
): Promise<void> {
  const scope = { organisation_id: params.organisationId, entity_id: params.entityId };
  let invoiceNumber = 24001;

  for (const seed of debtors) {
    const debtor = await trx
      .insertInto('debtors')
      .values({
        ...scope,
        number: seed.number,
        name: seed.name,
        kind: seed.kind,
        language: seed.language,
        email: `accounts@${seed.number.toLowerCase()}.example.test`,
        phone: seed.phone,
        address_line: 'Stationsplein 1',
        postal_code: '1012 AB',
        city: 'Amsterdam',
        country: 'NL',
        segment_id: null,
        coc_number: null,
        vat_number: null,
        risk_score: null,
        credit_limit_minor: null,
        custom: JSON.stringify({}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    for (const invoice of seed.invoices) {
      const dueDate = addDays(params.today, -invoice.days);
      const inserted = await trx
        .insertInto('invoices')
        .values({
          ...scope,
          debtor_id: debtor.id,
          number: `F${invoiceNumber++}`,
          kind: 'invoice',
          invoice_date: addDays(dueDate, -30),
          due_date: dueDate,
          currency: 'EUR',
          amount_minor: parseAmount(invoice.amount, 'EUR'),
          closed_on: null,
          hold_reason: invoice.holdReason ?? null,
          hold_until: null,
          custom: JSON.stringify({}),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (invoice.paid) {
        await insertPayment(trx, {
          ...params,
          debtorId: debtor.id,
          invoiceId: inserted.id,
          amount: invoice.paid,
        });
      }
    }
  }
}

/** Books a bank payment dated yesterday, allocated in full to one invoice. */
async function insertPayment(
  trx: Executor,
  params: {
    organisationId: string;
    entityId: string;
    today: string;
    debtorId: string;
    invoiceId: string;
    amount: string;
  },
): Promise<void> {
  const amountMinor = parseAmount(params.amount, 'EUR');
  const payment = await trx
    .insertInto('payments')
    .values({
      organisation_id: params.organisationId,
      entity_id: params.entityId,
      debtor_id: params.debtorId,
      payment_date: addDays(params.today, -1),
      currency: 'EUR',
      amount_minor: amountMinor,
      source: 'bank',
      reference: 'RF18 0000 0000 0000 0240 05',
      external_key: `seed:${params.invoiceId}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('allocations')
    .values({
      organisation_id: params.organisationId,
      payment_id: payment.id,
      invoice_id: params.invoiceId,
      amount_minor: amountMinor,
    })
    .execute();
}
