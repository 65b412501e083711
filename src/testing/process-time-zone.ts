/**
 * Runs `work` with this process's time zone set to `timeZone`, then restores
 * the previous one: Node applies an assignment to process.env.TZ at once, to
 * Date and Intl alike. Tests that await `work` must not run side by side
 * with other tests of the same file, as vitest runs them by default.
 */
export async function withProcessTimeZone<T>(timeZone: string, work: () => Promise<T>): Promise<T> {
  const previous = process.env.TZ;
  process.env.TZ = timeZone;
  try {
    return await work();
  } finally {
    if (previous === undefined) {
      delete process.env.TZ;
    } else {
      process.env.TZ = previous;
    }
  }
}
