// End-to-end tests of the atlas in headless Chromium (the Debian package), driven by
// playwright-core. Run by tests/it/atlas.rs, which generates the pages and writes the plan: what
// the command line says each year holds, which actor to search, where to save screenshots.
//
//   MESOGRAPH_E2E_PLAN=plan.json node --test tests/e2e/

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const planPath = process.env.MESOGRAPH_E2E_PLAN;
assert.ok(planPath, 'MESOGRAPH_E2E_PLAN must name the plan written by tests/it/atlas.rs');
const plan = JSON.parse(readFileSync(planPath, 'utf8'));

let context;
let profile;

before(async () => {
  // A fresh profile each run; nothing may reach the network.
  profile = mkdtempSync(join(tmpdir(), 'mesograph-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.MESOGRAPH_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width: 1600, height: 1000 },
    deviceScaleFactor: 1,
  });
});

after(async () => {
  if (context) await context.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Opens an atlas page, failing the test on any script error, dialog or network request. */
async function open(html) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('dialog', async (d) => {
    problems.push(`dialog opened: ${d.message()}`);
    await d.dismiss();
  });
  const url = pathToFileURL(html).href;
  page.on('request', (r) => {
    if (r.url() !== url) problems.push(`request: ${r.url()}`);
  });
  await page.goto(url);
  await page.waitForSelector('g.actor');
  return { page, problems };
}

/** Moves the slider to `year` with the keyboard, as a person would. */
async function slideTo(page, year) {
  const slider = page.locator('#year');
  await slider.focus();
  await page.keyboard.press('Home');
  const min = Number(await slider.getAttribute('min'));
  for (let y = min; y < year; y++) await page.keyboard.press('ArrowRight');
  assert.equal(await page.textContent('#year-value'), String(year));
}

/** The ids of the actors and links a person can see, sorted. */
async function visible(page) {
  const ids = async (selector) =>
    (await page.locator(`${selector}:visible`).evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).sort();
  return { actors: await ids('g.actor'), links: await ids('g.link') };
}

test('the slider shows exactly the actors and links of each year', async () => {
  const { page, problems } = await open(plan.builtin.html);
  for (const expected of plan.builtin.years) {
    await slideTo(page, expected.year);
    const seen = await visible(page);
    assert.deepEqual(seen.actors, [...expected.actors].sort(), `actors of ${expected.year}`);
    assert.deepEqual(seen.links, [...expected.links].sort(), `links of ${expected.year}`);
    assert.equal(await page.getAttribute('#status', 'data-actors'), String(expected.actors.length));
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('search by alias, click, details with milestones, figures and working source links', async () => {
  const { page, problems } = await open(plan.builtin.html);
  const s = plan.builtin.search;
  await slideTo(page, s.year);

  // Search by an alias, in another case and without accents.
  await page.locator('#search').fill(s.alias_query);
  const result = page.locator(`#results button[data-id="${s.alias_id}"]`);
  await result.waitFor();
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => document.querySelector('#details').dataset.selected === id, s.alias_id);

  // Search by name, then click the actor in the drawing.
  await page.locator('#search').fill(s.query);
  await page.locator(`#results button[data-id="${s.id}"]`).click();
  const node = page.locator(`g.actor[data-id="${s.id}"]`);
  await node.click();
  assert.match((await node.getAttribute('class')) || '', /selected/);
  const details = page.locator('#details');
  assert.equal(await details.locator('h2').textContent(), s.name);
  assert.match(await details.locator('.kind').textContent(), new RegExp(`^${s.kind}`));
  const milestones = await details.locator('.milestones > li').allTextContents();
  assert.equal(milestones.length, s.milestones.length);
  s.milestones.forEach((title, i) => assert.ok(milestones[i].includes(title), `${milestones[i]} has ${title}`));
  const figures = (await details.locator('.figure').allTextContents()).join(' | ');
  for (const value of s.figures) {
    const shown = Number(value).toLocaleString('en');
    assert.ok(figures.includes(shown), `${figures} has ${shown}`);
  }
  const hrefs = await details.locator('a').evaluateAll((as) => as.map((a) => a.href));
  for (const url of s.urls) assert.ok(hrefs.includes(url), `${url} is a link in the panel`);
  for (const a of await details.locator('a').all()) {
    assert.equal(await a.getAttribute('target'), '_blank');
    assert.match(await a.getAttribute('rel'), /noopener/);
  }

  // Hover shows name and kind.
  await page.mouse.move(0, 0);
  await node.hover();
  const tooltip = page.locator('#tooltip');
  await tooltip.waitFor({ state: 'visible' });
  assert.ok((await tooltip.textContent()).includes(s.name));
  assert.ok((await tooltip.textContent()).includes(s.kind));

  await page.screenshot({ path: join(plan.screenshots, `atlas-${s.year}.png`) });
  assert.deepEqual(problems, []);
  await page.close();
});

test('clicking a link in the drawing shows the link with its sources', async () => {
  const { page, problems } = await open(plan.builtin.html);
  const s = plan.builtin.search;
  await slideTo(page, s.year);
  // The middle of a curve that no actor covers, in screen coordinates.
  const { id, x, y } = await page.evaluate(() => {
    for (const g of document.querySelectorAll('g.link:not([display])')) {
      const path = g.querySelector('path.hit');
      path.scrollIntoView({ block: 'center', inline: 'center' });
      const p = path.getPointAtLength(path.getTotalLength() / 2);
      const m = path.getScreenCTM();
      const point = { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
      const hit = document.elementFromPoint(point.x, point.y);
      if (hit && g.contains(hit)) return { id: g.getAttribute('data-id'), ...point };
    }
    return {};
  });
  assert.ok(id, 'some link can be clicked');
  await page.mouse.click(x, y);
  await page.waitForFunction((i) => document.querySelector('#details').dataset.selected === i, id);
  const kind = id.split('/')[1].replace(/_/g, ' ');
  assert.ok((await page.locator('#details h2').textContent()).includes(kind));
  assert.ok((await page.locator('#details .citations li').count()) > 0);
  // From the link, the keyboard reaches its actors.
  await page.locator('#details .ends button').first().focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((from) => document.querySelector('#details').dataset.selected === from, id.split('/')[0]);
  assert.deepEqual(problems, []);
  await page.close();
});

test('keyboard: actors take focus and open with Enter; filters hide kinds; play moves the year', async () => {
  const { page, problems } = await open(plan.builtin.html);
  const s = plan.builtin.search;
  await slideTo(page, s.year);
  // Tab from the slider reaches an actor eventually; Enter opens it.
  let focused = null;
  for (let i = 0; i < 80 && !focused; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => {
      const e = document.activeElement;
      return e && e.matches && e.matches('g.actor') ? e.getAttribute('data-id') : null;
    });
  }
  assert.ok(focused, 'an actor takes keyboard focus');
  assert.ok(await page.locator('#tooltip').isVisible(), 'focus shows the tooltip');
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => document.querySelector('#details').dataset.selected === id, focused);

  // Filter out a kind: none of its actors stays visible; back on, they return.
  const kind = await page.locator(`g.actor[data-id="${focused}"]`).getAttribute('data-kind');
  const before = (await visible(page)).actors.length;
  await page.locator(`#filter-fill-${kind}`).uncheck();
  assert.equal(await page.locator(`g.actor[data-kind="${kind}"]:visible`).count(), 0);
  assert.ok((await visible(page)).actors.length < before);
  await page.locator(`#filter-fill-${kind}`).check();
  assert.equal((await visible(page)).actors.length, before);

  // Link kinds too.
  const linkKind = await page.locator('g.link:visible').first().getAttribute('data-kind');
  await page.locator(`#filter-line-${linkKind}`).uncheck();
  assert.equal(await page.locator(`g.link[data-kind="${linkKind}"]:visible`).count(), 0);
  await page.locator(`#filter-line-${linkKind}`).check();

  // Play advances the year; pause stops it.
  await slideTo(page, s.year - 2);
  await page.locator('#play').click();
  await page.waitForFunction((y) => Number(document.querySelector('#year-value').textContent) > y, s.year - 2);
  await page.locator('#play').click();
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'false');
  assert.deepEqual(problems, []);
  await page.close();
});

test('hostile names show as text and run nothing', async () => {
  const h = plan.hostile;
  const { page, problems } = await open(h.html);
  await slideTo(page, h.year);
  assert.deepEqual((await visible(page)).actors, [...h.actors].sort());
  // Our two script elements, nothing injected.
  assert.equal(await page.locator('script').count(), 2);
  assert.equal(await page.locator('body img, body b, body i, body u').count(), 0);
  for (const [id, name] of Object.entries(h.names)) {
    assert.equal(await page.locator(`g.actor[data-id="${id}"]`).getAttribute('aria-label'), `${name} (${h.kinds[id]})`);
    await page.locator('#search').fill(h.queries[id]);
    await page.locator(`#results button[data-id="${id}"]`).click();
    assert.equal(await page.locator('#details h2').textContent(), name);
  }
  // The milestone of the image actor, with its figure, place and source, as text.
  await page.locator('#search').fill(h.queries.img);
  await page.locator('#results button[data-id="img"]').click();
  const text = await page.locator('#details').textContent();
  for (const piece of h.milestone_texts) assert.ok(text.includes(piece), `${piece} shown as text`);
  const href = await page.locator('#details a').first().getAttribute('href');
  assert.equal(href, h.url);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await page.screenshot({ path: join(plan.screenshots, 'atlas-hostile.png') });
  assert.deepEqual(problems, []);
  await page.close();
});
