import { performance } from 'node:perf_hooks';
import { readTable } from '../src/import/read-table.ts';
import { bindColumns } from '../src/import/bind-columns.ts';
import { parseImportRows } from '../src/import/parse-import-rows.ts';
import { resolveMapping } from '../src/import/resolve-mapping.ts';
const invoices = Number(process.argv[2] ?? 100000);
const debtors = invoices / 5;
const lines = ['debtor_number,debtor_name,debtor_email,invoice_number,invoice_date,due_date,amount,paid_date'];
for (let i = 0; i < invoices; i += 1) {
  const d = i % debtors;
  lines.push(`D${d},Debtor ${d},d${d}@example.com,INV-${i},2024-06-01,2024-07-01,${(i % 997) + 1}.${String(i % 100).padStart(2, '0')},${i % 3 === 0 ? '2024-07-20' : ''}`);
}
const content = Buffer.from(lines.join('\n') + '\n');
const mapping = resolveMapping('generic');
for (let k = 0; k < 2; k++) {
const c0 = process.cpuUsage(); let t = performance.now();
const table = await readTable(content, 'x.csv', mapping);
const c1 = process.cpuUsage(c0); console.log('read', Math.round(performance.now() - t), 'cpu', c1.user / 1000);
t = performance.now(); const c2 = process.cpuUsage();
const parsed = parseImportRows(table, bindColumns(table.headers, mapping), { mapping, defaultCurrency: 'EUR', importDate: '2024-08-15' });
console.log('rows', Math.round(performance.now() - t), 'cpu', process.cpuUsage(c2).user / 1000, parsed.invoices.length, parsed.debtors.size);
}
