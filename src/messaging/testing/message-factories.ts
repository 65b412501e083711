import type { DatabaseHandle } from '../../db/database.ts';
import type { Debtor, Entity, Invoice, MessageChannel, MessageStatus } from '../../db/schema.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { addEntity, type AddEntityInput } from '../../entities/add-entity.ts';
import { createOrganisation } from '../../organisations/organisations.ts';
import { daysPastDue } from '../../dates/plain-date.ts';
import { formatDecimal } from '../../money/money.ts';

/**
 * Small factories for messaging tests. They insert rows directly, the way
 * a dunning run would leave them, so the tests need no dunning run.
 */
let sequence = 0;
const nextNumber = () => {
  sequence += 1;
  return sequence;
};

export async function buildOrganisation(database: DatabaseHandle): Promise<string> {
  const number = nextNumber();
  const organisation = await createOrganisation(database, {
    live: true,
    slug: `messaging-${number}-${Date.now().toString(36)}`,
    name: `Messaging test ${number}`,
    actor: 'test',
  });

  return organisation.id;
}

export async function buildEntity(
  database: DatabaseHandle,
  organisationId: string,
  overrides: Partial<AddEntityInput> & {
    addressLine?: string;
    postalCode?: string;
    city?: string;
    portalUrl?: string | null;
  } = {},
): Promise<Entity> {
  const { addressLine, postalCode, city, portalUrl, ...input } = overrides;

  return withOrganisation(database, organisationId, async (trx) => {
    const entity = await addEntity(trx, {
      organisationId,
      actor: 'test',
      input: {
        code: `E${nextNumber()}`,
        name: 'Acme Holland B.V.',
        currency: 'EUR',
        country: 'NL',
        iban: 'NL91ABNA0417164300',
        bic: 'ABNANL2A',
        senderEmail: 'debiteuren@acme.example',
        senderName: 'Acme Debiteuren',
        ...input,
      },
    });
    return trx
      .updateTable('entities')
      .set({
        address_line: addressLine ?? 'Keizersgracht 1',
        postal_code: postalCode ?? '1015 AA',
        city: city ?? 'Amsterdam',
        portal_url: portalUrl === undefined ? 'https://portal.acme.example' : portalUrl,
        coc_number: '12345678',
      })
      .where('id', '=', entity.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function buildDebtor(
  database: DatabaseHandle,
  entity: Entity,
  overrides: Partial<Pick<Debtor, 'name' | 'language' | 'email' | 'country' | 'address_line'>> = {},
): Promise<Debtor> {
  const number = nextNumber();

  return withOrganisation(database, entity.organisation_id, (trx) =>
    trx
      .insertInto('debtors')
      .values({
        organisation_id: entity.organisation_id,
        entity_id: entity.id,
        number: `D-${number}`,
        name: `Debtor ${number}`,
        language: null,
        email: `debtor${number}@example.test`,
        address_line: 'Stationsstraat 12',
        postal_code: '3511 ED',
        city: 'Utrecht',
        country: 'NL',
        custom: JSON.stringify({}),
        ...overrides,
      })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}

export async function buildInvoice(
  database: DatabaseHandle,
  debtor: Debtor,
  overrides: Partial<
    Pick<Invoice, 'number' | 'invoice_date' | 'due_date' | 'amount_minor' | 'currency'>
  > = {},
): Promise<Invoice> {
  return withOrganisation(database, debtor.organisation_id, (trx) =>
    trx
      .insertInto('invoices')
      .values({
        organisation_id: debtor.organisation_id,
        entity_id: debtor.entity_id,
        debtor_id: debtor.id,
        number: `INV-${nextNumber()}`,
        invoice_date: '2024-04-03',
        due_date: '2024-05-03',
        currency: 'EUR',
        amount_minor: 123_456,
        custom: JSON.stringify({}),
        ...overrides,
      })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}

export interface MessageOverrides {
  templateKey?: string;
  channel?: MessageChannel;
  status?: MessageStatus;
  asOf?: string;
  language?: string;
  recipient?: string | null;
  paymentReference?: string | null;
}

/**
 * Inserts a message for `invoices` of one debtor, with its dunning run and
 * message batch, as the dunning run writes it: the language is the
 * debtor's, else the entity's, and the total is the sum of open amounts.
 */
export async function buildMessage(
  database: DatabaseHandle,
  params: { entity: Entity; debtor: Debtor; invoices: Invoice[] } & MessageOverrides,
): Promise<string> {
  const { entity, debtor, invoices } = params;
  const organisationId = entity.organisation_id;
  const asOf = params.asOf ?? '2024-05-15';
  const channel = params.channel ?? 'email';
  const currency = invoices[0]?.currency ?? entity.currency;
  const totalMinor = invoices.reduce((sum, invoice) => sum + invoice.amount_minor, 0);

  return withOrganisation(database, organisationId, async (trx) => {
    const step = await trx
      .selectFrom('steps')
      .select(['id', 'name', 'day_offset'])
      .where('template_key', '=', params.templateKey ?? 'reminder-1')
      .executeTakeFirstOrThrow();
    const run = await trx
      .insertInto('dunning_runs')
      .values({
        organisation_id: organisationId,
        entity_id: entity.id,
        run_date: asOf,
        summary: JSON.stringify({}),
        created_by: 'test',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const batch = await trx
      .insertInto('message_batches')
      .values({
        organisation_id: organisationId,
        entity_id: entity.id,
        run_date: asOf,
        channel,
        status: 'approved',
      })
      .onConflict((conflict) =>
        conflict.columns(['entity_id', 'run_date', 'channel']).doUpdateSet({ status: 'approved' }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    const explanation = {
      profile: 'Standard',
      step: step.name,
      dayOffset: step.day_offset,
      asOf,
      invoices: invoices.map((invoice) => ({
        id: invoice.id,
        number: invoice.number,
        dueDate: invoice.due_date,
        daysPastDue: daysPastDue(invoice.due_date, asOf),
        amount: formatDecimal(invoice.amount_minor, invoice.currency),
        open: formatDecimal(invoice.amount_minor, invoice.currency),
      })),
      total: formatDecimal(totalMinor, currency),
      reason: 'test',
    };
    const message = await trx
      .insertInto('messages')
      .values({
        organisation_id: organisationId,
        entity_id: entity.id,
        batch_id: batch.id,
        run_id: run.id,
        debtor_id: debtor.id,
        step_id: step.id,
        channel,
        language: params.language ?? debtor.language ?? entity.language,
        currency,
        total_minor: totalMinor,
        payment_reference:
          params.paymentReference === undefined ? 'RF18539007547034' : params.paymentReference,
        recipient: params.recipient === undefined ? debtor.email : params.recipient,
        status: params.status ?? 'approved',
        explanation: JSON.stringify(explanation),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return message.id;
  });
}

export async function readMessage(database: DatabaseHandle, organisationId: string, id: string) {
  return withOrganisation(database, organisationId, (trx) =>
    trx.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
  );
}
