import fs from 'node:fs';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/db/database.ts';
import { withOrganisation, type TenantTransaction } from '../src/db/tenant.ts';

/** Time and CPU spent on one phase of the benchmark. */
export interface PhaseCost {
  seconds: number;
  /** CPU time of the Node process: on PGlite this includes the database engine. */
  nodeCpuSeconds: number;
  /**
   * CPU time of the PostgreSQL backend that ran the transaction, read from
   * /proc, so only for a server on this machine; 0 on PGlite and null when
   * unreadable. Unlike wall time, CPU time hardly grows when other programs
   * compete for the cores.
   */
  serverCpuSeconds: number | null;
}

/** Clock ticks per second of /proc/<pid>/stat on Linux (`getconf CLK_TCK`, 100 on common kernels). */
const CLOCK_TICKS_PER_SECOND = 100;

function processCpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may contain spaces, start at "state".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const userTicks = Number(fields[11]);
    const systemTicks = Number(fields[12]);
    return (userTicks + systemTicks) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

async function backendPid(trx: TenantTransaction): Promise<number> {
  const result = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
  return result.rows[0]?.pid ?? 0;
}

/** Runs `work` in one tenant transaction and measures its wall time and CPU time. */
export async function measurePhase<T>(
  database: DatabaseHandle,
  organisationId: string,
  work: (trx: TenantTransaction) => Promise<T>,
): Promise<{ result: T; cost: PhaseCost }> {
  const started = performance.now();
  const nodeCpu = process.cpuUsage();
  let serverCpuSeconds: number | null = database.kind === 'pglite' ? 0 : null;

  const result = await withOrganisation(database, organisationId, async (trx) => {
    if (database.kind === 'pglite') {
      return work(trx);
    }
    const pid = await backendPid(trx);
    const before = processCpuSeconds(pid);
    const value = await work(trx);
    const after = processCpuSeconds(pid);
    serverCpuSeconds = before === null || after === null ? null : after - before;
    return value;
  });

  const used = process.cpuUsage(nodeCpu);
  return {
    result,
    cost: {
      seconds: (performance.now() - started) / 1000,
      nodeCpuSeconds: (used.user + used.system) / 1e6,
      serverCpuSeconds,
    },
  };
}
