import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  testDatabaseKind,
  type TestDatabase,
} from '../../testing/test-database.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Time allowed for a start: migrating and starting pg-boss on a busy machine took over a minute. */
const STARTUP_TIMEOUT_MS = 150_000;
const TEST_TIMEOUT_MS = 2 * STARTUP_TIMEOUT_MS;

interface ServeProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts `collecta serve` on a free port and waits until it prints its address. */
async function startServe(environment: Record<string, string>): Promise<{
  serve: ServeProcess;
  url: string;
}> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/collecta.js'), 'serve'], {
    cwd: repoRoot,
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const serve = { child, stdout: () => stdout, stderr: () => stderr, exited };

  const started = Date.now();
  while (Date.now() - started < STARTUP_TIMEOUT_MS) {
    const match = /Collecta is running at (http:\/\/\S+)/.exec(stdout);
    if (match?.[1]) {
      return { serve, url: match[1] };
    }
    if (child.exitCode !== null) {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`serve did not start.\nstdout:\n${stdout}\nstderr:\n${stderr}`);
}

describe('collecta serve', () => {
  let testDatabase: TestDatabase | undefined;
  let dataDirectory: string;
  let environment: Record<string, string>;
  let running: ServeProcess | undefined;

  beforeAll(async () => {
    dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'collecta-serve-'));
    environment = {
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      COLLECTA_DATA_DIR: path.join(dataDirectory, 'data'),
    };
    if (testDatabaseKind() === 'postgres') {
      testDatabase = await createTestDatabase();
      environment.DATABASE_URL = testDatabase.url ?? '';
    }
  });

  afterAll(async () => {
    running?.child.kill('SIGKILL');
    await testDatabase?.drop();
    fs.rmSync(dataDirectory, { recursive: true, force: true });
  });

  it(
    'prints the address and the first login once, serves, and stops on SIGTERM',
    async () => {
      const { serve, url } = await startServe(environment);
      running = serve;
      const password = /Log in as admin with password (\S+) — change it after logging in/.exec(
        serve.stdout(),
      )?.[1];
      const health = await fetch(`${url}/api/health`);
      const login = await fetch(`${url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      serve.child.kill('SIGTERM');
      const exitCode = await serve.exited;
      running = undefined;

      expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
      expect(health.status).toBe(200);
      expect(login.status).toBe(200);
      expect(exitCode).toBe(0);
      expect(serve.stderr()).toContain('server stopped');
      expect(serve.stderr()).not.toContain(password);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'prints no login on the next start',
    async () => {
      const { serve } = await startServe(environment);
      running = serve;
      serve.child.kill('SIGTERM');
      const exitCode = await serve.exited;
      running = undefined;

      expect(exitCode).toBe(0);
      expect(serve.stdout()).not.toContain('Log in as');
    },
    TEST_TIMEOUT_MS,
  );
});
