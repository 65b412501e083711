import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { withOrganisation } from '../src/db/tenant.ts';
import { buildImportTarget } from '../src/import/import-test-factories.ts';

const database = await openDatabase({ tenantRole: 'collecta_app' });
await migrate(database);
const target = await buildImportTarget(database);
const N = 10000;
const debtorId = randomUUID();
await withOrganisation(database, target.organisationId, async (trx) => {
  await trx.insertInto('debtors').values({ id: debtorId, organisation_id: target.organisationId, entity_id: target.entityId, number: 'D', name: 'D', language: null, country: null, email: null, phone: null, address_line: null, postal_code: null, city: null, coc_number: null, vat_number: null, risk_score: null, credit_limit_minor: null, segment_id: null, custom: '{}' }).execute();
});
const rows = (prefix: string) => Array.from({ length: N }, (_, i) => ({
  id: randomUUID(), organisation_id: target.organisationId, entity_id: target.entityId, debtor_id: debtorId,
  number: `${prefix}-${i}`, kind: 'invoice' as const, invoice_date: '2024-06-01', due_date: '2024-07-01', currency: 'EUR', amount_minor: 1000 + i,
  closed_on: null, hold_reason: null, hold_until: null, custom: '{}',
}));
async function measure(label: string, work: () => Promise<void>) {
  const c = process.cpuUsage();
  await work();
  console.log(label, Math.round(process.cpuUsage(c).user / 1000), 'ms cpu');
}
for (const size of [1000]) {
await measure(`kysely values chunk ${size}`, () => withOrganisation(database, target.organisationId, async (trx) => {
  const all = rows('K' + size);
  for (let s = 0; s < all.length; s += size) await trx.insertInto('invoices').values(all.slice(s, s + size)).execute();
}));
}
await measure('kysely compile only 1000 x10', async () => {
  const all = rows('C');
  for (let s = 0; s < all.length; s += 1000) database.db.insertInto('invoices').values(all.slice(s, s + 1000)).compile();
});
for (const chunk of [1000, 5000]) await measure(`unnest arrays chunk ${chunk}`, () => withOrganisation(database, target.organisationId, async (trx) => {
  const all = rows('U' + chunk);
  for (let s = 0; s < all.length; s += chunk) {
    const part = all.slice(s, s + chunk);
    await sql`insert into invoices (id, organisation_id, entity_id, debtor_id, number, kind, invoice_date, due_date, currency, amount_minor, custom)
      select * from unnest(${part.map(r => r.id)}::uuid[], ${part.map(r => r.organisation_id)}::uuid[], ${part.map(r => r.entity_id)}::uuid[], ${part.map(r => r.debtor_id)}::uuid[],
       ${part.map(r => r.number)}::text[], ${part.map(r => r.kind)}::text[], ${part.map(r => r.invoice_date)}::date[], ${part.map(r => r.due_date)}::date[], ${part.map(r => r.currency)}::bpchar[], ${part.map(r => r.amount_minor)}::bigint[], ${part.map(r => r.custom)}::jsonb[])`.execute(trx);
  }
}));
await measure('superuser no triggers chunk 1000', async () => { await database.db.transaction().execute(async (trx) => {
  await sql`set local session_replication_role = replica`.execute(trx);
  const all = rows('S');
  for (let s = 0; s < all.length; s += 1000) await trx.insertInto('invoices').values(all.slice(s, s + 1000)).execute();
});});
await measure('raw pglite query same sql', async () => {
  const all = rows('R');
  await withOrganisation(database, target.organisationId, async (trx) => {
    for (let s = 0; s < all.length; s += 1000) {
      const c = trx.insertInto('invoices').values(all.slice(s, s + 1000)).compile();
      await sql.raw('select 1').execute(trx);
      await trx.executeQuery(c);
    }
  });
});
await database.close();
