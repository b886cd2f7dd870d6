// Headless Chromium (the Debian package) with a fresh profile, for the end-to-end tests: no
// first-run screens, no background requests, so that any request a page makes is its own.

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

/** The plan that the Rust test `writer` wrote to the file named by the environment variable `name`. */
export function readPlan(name, writer) {
  const path = process.env[name];
  assert.ok(path, `${name} must name the plan written by ${writer}`);
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * Starts the browser before the file's tests and ends it after them; returns a function that
 * gives its context.
 */
export function useBrowser(width) {
  let browser;
  before(async () => {
    // A fresh profile each run; nothing may reach the network.
    browser = await launchBrowser(width);
  });
  after(async () => {
    if (browser) await browser.close();
  });
  return () => browser.context;
}
