import { loadHarnessSettings } from '../config.ts';

/**
 * Directory that browser tests write their screenshots to: the
 * COLLECTA_SCREENSHOT_DIR environment variable, else collecta-screens in the
 * system's temporary directory.
 */
export function screenshotDirectory(): string {
  return loadHarnessSettings().screenshotDirectory;
}
