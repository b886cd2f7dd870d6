// Headless Chromium (the Debian package) with a fresh profile, for the end-to-end tests: no
// first-run screens, no background requests, so that any request a page makes is its own.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** Starts the browser with a viewport of `width` x 1000; `close()` ends it and removes the profile. */
export async function launchBrowser(width) {
  const profile = mkdtempSync(join(tmpdir(), 'mesograph-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.MESOGRAPH_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width, height: 1000 },
    deviceScaleFactor: 1,
  });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}
