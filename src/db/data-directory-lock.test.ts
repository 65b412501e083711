import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDirectory } from './data-directory-lock.ts';

describe('data directory lock', () => {
  const directory = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'collecta-lock-')), 'data');
  const lockPath = `${directory}.lock`;

  afterEach(() => {
    fs.rmSync(lockPath, { force: true });
  });

  it('rejects a directory that a running process holds', () => {
    // The parent process (the test runner) is running, so its lock is live.
    fs.writeFileSync(lockPath, String(process.ppid));

    expect(() => lockDataDirectory(directory)).toThrow(/in use by process/);
  });

  it('takes over the lock of a process that has ended', () => {
    fs.writeFileSync(lockPath, '4194000');

    const unlock = lockDataDirectory(directory);

    expect(fs.readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
    unlock();
    expect(fs.existsSync(lockPath)).toBe(false);
  });
});
