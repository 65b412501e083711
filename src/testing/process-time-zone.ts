import { setProcessTimeZone } from '../config.ts';

/**
 * Runs `work` with this process's time zone set to `timeZone`, then restores
 * the previous one. Tests that await `work` must not run side by side with
 * other tests of the same file, as vitest runs them by default.
 */
export async function withProcessTimeZone<T>(timeZone: string, work: () => Promise<T>): Promise<T> {
  const previous = setProcessTimeZone(timeZone);
  try {
    return await work();
  } finally {
    setProcessTimeZone(previous);
  }
}
