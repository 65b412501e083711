import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { buildImportTarget, runImport } from '../src/import/import-test-factories.ts';

const invoices = Number(process.argv[2] ?? 10000);
const debtors = Math.max(1, Math.round(invoices / 5));
const lines = ['debtor_number,debtor_name,debtor_email,invoice_number,invoice_date,due_date,amount,paid_date'];
for (let i = 0; i < invoices; i += 1) {
  const d = i % debtors;
  const paid = i % 3 === 0 ? '2024-07-20' : '';
  lines.push(`D${d},Debtor ${d},d${d}@example.com,INV-${i},2024-06-01,2024-07-01,${(i % 997) + 1}.${String(i % 100).padStart(2, '0')},${paid}`);
}
const content = Buffer.from(lines.join('\n') + '\n');
const database = await openDatabase({ tenantRole: 'collecta_app', databaseUrl: process.env.BENCH_URL });
await migrate(database);
const target = await buildImportTarget(database);
const cpu0 = process.cpuUsage();
let t = performance.now();
const first = await runImport(target, content, { importDate: '2024-08-15' });
console.log('first', Math.round(performance.now() - t), 'ms', JSON.stringify({ ...first, rejected: first.rejected.length }));
t = performance.now();
const second = await runImport(target, content, { importDate: '2024-08-15', full: true });
console.log('second', Math.round(performance.now() - t), 'ms', JSON.stringify({ ...second, rejected: second.rejected.length }));
const cpu = process.cpuUsage(cpu0);
console.log('cpu user s', cpu.user / 1e6, 'sys', cpu.system / 1e6, 'rss MB', Math.round(process.memoryUsage().rss / 1e6));
await database.close();
