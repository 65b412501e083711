import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';

/** Debian's Chromium; browser tests skip when it is not installed. */
export const chromiumPath = '/usr/bin/chromium';

export const hasChromium = fs.existsSync(chromiumPath);

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Builds the web app into a fresh temporary directory, so the test runs the
 * current sources whatever web/dist holds, and returns that directory.
 */
export async function buildWebApp(): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'collecta-web-'));
  await build({
    configFile: path.join(webRoot, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });

  return outDir;
}

export async function listenOnFreePort(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as AddressInfo;

  return `http://127.0.0.1:${address.port}`;
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Starts headless Chromium with a new empty profile. The flags keep it from
 * contacting any host but the test server: background networking, component
 * updates and sync are off.
 */
export async function openBrowser(locale: string): Promise<BrowserSession> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'collecta-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    locale,
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // Two test workers share two cores with the server and Chromium, so a page can take
  // well over Playwright's default of 30 seconds to load under load.
  context.setDefaultTimeout(60_000);
  const page = context.pages()[0] ?? (await context.newPage());

  return {
    context,
    page,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Submits the login form in English. */
export async function logIn(page: Page, credentials: { username: string; password: string }) {
  await page.locator('input[name=username]').fill(credentials.username);
  await page.locator('input[name=password]').fill(credentials.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}
