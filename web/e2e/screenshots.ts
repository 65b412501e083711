import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { screenshotDirectory } from '../../src/testing/screenshot-directory.ts';

/**
 * Saves full-page screenshots of a browser test, named
 * `<test>/<step>-<language>.png` under screenshotDirectory().
 */
export interface ScreenshotWriter {
  directory: string;
  /** Saves the page in English and in Dutch, and leaves it in English. */
  captureBothLanguages(page: Page, step: string): Promise<string[]>;
}

export function createScreenshotWriter(testName: string): ScreenshotWriter {
  const directory = path.join(screenshotDirectory(), testName);
  fs.mkdirSync(directory, { recursive: true });

  return {
    directory,
    async captureBothLanguages(page, step) {
      const files: string[] = [];
      for (const language of ['en', 'nl', 'en'] as const) {
        await switchLanguage(page, language);
        if (files.length < 2) {
          await closeNotifications(page);
          // A full-page screenshot of a scrolled page draws the fixed header halfway down.
          await page.evaluate(() => window.scrollTo(0, 0));
          const file = path.join(directory, `${step}-${language}.png`);
          await page.screenshot({ path: file, fullPage: true });
          files.push(file);
        }
      }
      return files;
    },
  };
}

/**
 * Switches the UI language with the switch in the page header and waits
 * until the page has the language and no loader shows. The click goes to
 * the switch's radio input as an event, because an open dialog's overlay
 * would catch a pointer click and close the dialog.
 */
export async function switchLanguage(page: Page, language: 'en' | 'nl'): Promise<void> {
  const current = await page.evaluate(() => document.documentElement.lang);
  if (current !== language) {
    await page.locator(`header input[type=radio][value=${language}]`).dispatchEvent('click');
    await page.waitForFunction((expected) => document.documentElement.lang === expected, language);
  }
  await page.locator('.mantine-Loader-root').first().waitFor({ state: 'hidden' });
  // The language switch's indicator and Mantine's transitions settle within this time.
  await page.waitForTimeout(300);
}

/** Closes the toasts, which would cover the header and stay in the language they were made in. */
async function closeNotifications(page: Page): Promise<void> {
  const buttons = page.locator('.mantine-Notification-root button');
  for (let count = await buttons.count(); count > 0; count -= 1) {
    await buttons.first().dispatchEvent('click');
  }
  await page.locator('.mantine-Notification-root').first().waitFor({ state: 'detached' });
}
