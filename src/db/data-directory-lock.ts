import fs from 'node:fs';
import { AppError } from '../errors.ts';

/**
 * Claims the embedded data directory for this process. PGlite is one
 * session in one process: a second process on the same directory would see
 * a stale copy and overwrite the first one's commits, so it is rejected.
 * The lock is a file beside the directory that contains the owner's process
 * id. A lock file left by a process that no longer runs is taken over.
 */
export function lockDataDirectory(dataDirectory: string): () => void {
  const lockPath = `${dataDirectory}.lock`;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
    const owner = Number(fs.readFileSync(lockPath, 'utf8').trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
      throw new AppError(
        'conflict',
        `The data directory ${dataDirectory} is in use by process ${owner}. The embedded database serves one process: stop that process first, or set DATABASE_URL to use PostgreSQL for several processes.`,
      );
    }
    fs.rmSync(lockPath, { force: true });
  }
  throw new AppError(
    'conflict',
    `Could not lock the data directory ${dataDirectory}; remove ${lockPath} if no Collecta process runs.`,
  );
}

function isRunning(processId: number): boolean {
  try {
    process.kill(processId, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
