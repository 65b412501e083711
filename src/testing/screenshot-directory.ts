import os from 'node:os';
import path from 'node:path';

/**
 * Directory that browser tests write their screenshots to: the
 * COLLECTA_SCREENSHOT_DIR environment variable, else collecta-screens in the
 * system's temporary directory.
 */
export function screenshotDirectory(): string {
  return process.env.COLLECTA_SCREENSHOT_DIR || path.join(os.tmpdir(), 'collecta-screens');
}
