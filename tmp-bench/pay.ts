import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { withOrganisation } from '../src/db/tenant.ts';
import { buildImportTarget, runImport } from '../src/import/import-test-factories.ts';

const database = await openDatabase({ tenantRole: 'collecta_app' });
await migrate(database);
const target = await buildImportTarget(database);
const N = 5000;
const lines = ['debtor_number,invoice_number,due_date,amount'];
for (let i = 0; i < N; i++) lines.push(`D${i % 1000},INV-${i},2024-07-01,10.00`);
await runImport(target, lines.join('\n'));
const invoices = await database.db.selectFrom('invoices').select(['id', 'debtor_id']).execute();
async function explain(label: string, query: ReturnType<typeof sql>) {
  await withOrganisation(database, target.organisationId, async (trx) => {
    const c = process.cpuUsage();
    const r = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers off) ${query}`.execute(trx);
    console.log(label, Math.round(process.cpuUsage(c).user / 1000), 'ms cpu');
    console.log(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
    throw new Error('rollback');
  }).catch((e) => { if (e.message !== 'rollback') throw e; });
}
const ids = invoices.map(() => randomUUID());
if (false) await explain('payments', sql`insert into payments (organisation_id, entity_id, source, id, debtor_id, payment_date, currency, amount_minor, reference, external_key)
  select ${target.organisationId}::uuid, ${target.entityId}::uuid, 'import', p.* from unnest(${ids}::uuid[], ${invoices.map((i) => i.debtor_id)}::uuid[],
   ${invoices.map(() => '2024-07-10')}::date[], ${invoices.map(() => 'EUR')}::text[], ${invoices.map(() => 1000)}::bigint[], ${invoices.map((_, k) => 'INV-' + k)}::text[], ${invoices.map((_, k) => 'invoice:INV-' + k + ':paid')}::text[]) as p(id, debtor_id, payment_date, currency, amount_minor, reference, external_key)
  on conflict (entity_id, source, external_key) do nothing returning id`);
const numbers = Array.from({ length: N }, (_, k) => 'INV-' + k);
await withOrganisation(database, target.organisationId, async (trx) => {
  for (let k = 0; k < 3; k++) {
  const c2 = process.cpuUsage();
  const r2 = await sql`select i.id, i.number, i.custom, i.debtor_id, i.kind, i.invoice_date, i.due_date, i.currency, i.amount_minor, i.closed_on,
  coalesce(a.allocated, 0)::bigint as allocated_minor
  from unnest(${numbers}::text[]) as f(number) join invoices i on i.entity_id = ${target.entityId} and i.number = f.number
  left join (select al.invoice_id, sum(al.amount_minor) as allocated from allocations al join invoices i2 on i2.id = al.invoice_id where i2.entity_id = ${target.entityId} group by al.invoice_id) a on a.invoice_id = i.id`.execute(trx);
  console.log('join run', r2.rows.length, Math.round(process.cpuUsage(c2).user / 1000), 'ms cpu');
  const c3 = process.cpuUsage();
  const r3 = await sql`select i.id, i.number, i.custom, i.debtor_id, i.kind, i.invoice_date, i.due_date, i.currency, i.amount_minor, i.closed_on
  from unnest(${numbers}::text[]) as f(number) join invoices i on i.entity_id = ${target.entityId} and i.number = f.number`.execute(trx);
  console.log('join no alloc', r3.rows.length, Math.round(process.cpuUsage(c3).user / 1000), 'ms cpu');
  const c = process.cpuUsage();
  const r = await sql`select i.id, i.number, i.custom, i.debtor_id, i.kind, i.invoice_date, i.due_date, i.currency, i.amount_minor, i.closed_on,
  coalesce((select sum(a.amount_minor) from allocations a where a.invoice_id = i.id), 0)::bigint as allocated_minor
  from invoices i where i.entity_id = ${target.entityId} and i.number = any(${numbers}::text[])`.execute(trx);
  console.log('lookup run', r.rows.length, Math.round(process.cpuUsage(c).user / 1000), 'ms cpu');
  }
});
await database.close();
