// End-to-end tests of the atlas in headless Chromium (the Debian package), driven by
// playwright-core. Run by tests/it/atlas.rs, which generates the pages and writes the plan: what
// the command line says each year holds, which actor to search, where to save screenshots.
//
//   MESOGRAPH_E2E_PLAN=plan.json node --test tests/e2e/

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
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

/**
 * Opens an atlas page (with `options.hash` as its fragment, in a window of `options.viewport`),
 * collecting every script error, console error, dialog and network request in `problems`.
 */
async function open(html, options = {}) {
  const page = await context.newPage();
  if (options.viewport) await page.setViewportSize(options.viewport);
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
  // The page itself, and the pictures it makes for "Save" (data: and blob: addresses, in memory).
  page.on('request', (r) => {
    if (r.url() !== url && !/^(data|blob):/.test(r.url())) problems.push(`request: ${r.url()}`);
  });
  await page.goto(url + (options.hash || ''));
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
  // The dataset's title, as text in the heading, the window's title and a saved picture.
  assert.equal(await page.textContent('h1'), h.title);
  assert.ok((await page.title()).startsWith(h.title));
  const saved = await downloadFrom(page, '#save-svg');
  assert.match(saved.name, /^[a-z0-9]+(-[a-z0-9]+)*-2001\.svg$/);
  // Parsed in a page of its own: a document parsed in the atlas's page falls under its policy.
  const probe = await context.newPage();
  const heading = await probe.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    return doc.getElementsByTagName('parsererror').length ? null : doc.querySelector('.view-title').textContent;
  }, saved.bytes.toString('utf8'));
  await probe.close();
  assert.equal(heading, `${h.title} — 2001`);
  assert.equal(await page.locator('body b').count(), 0);
  await page.screenshot({ path: join(plan.screenshots, 'atlas-hostile.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

/** The rendered size of the names of the actors shown, in CSS pixels: font size × zoom. */
async function nameSizes(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('g.actor:not([display]) text')].map((t) => ({
      id: t.parentNode.getAttribute('data-id'),
      px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
    })));
}

/** The boxes of the actors shown that stick out of the drawing's viewport, left or right. */
async function cutOff(page) {
  return page.evaluate(() => {
    const view = document.getElementById('canvas').getBoundingClientRect();
    const bar = document.getElementById('canvas').offsetWidth - document.getElementById('canvas').clientWidth;
    return [...document.querySelectorAll('g.actor:not([display]) rect')]
      .map((r) => [r.parentNode.getAttribute('data-id'), r.getBoundingClientRect()])
      .filter(([, b]) => b.left < view.left - 0.5 || b.right > view.right - bar + 0.5)
      .map(([id]) => id);
  });
}

test('opens on the last observed year, fitted to what is drawn, names readable at 1366x768', async () => {
  const o = plan.builtin.opening;
  const { page, problems } = await open(plan.builtin.html, { viewport: { width: 1366, height: 768 } });
  assert.equal(await page.textContent('#year-value'), String(o.year));
  assert.equal(new URL(page.url()).hash, `#year=${o.year}`, 'the address holds the view from the start');
  assert.equal(await page.textContent('h1'), o.title);
  assert.ok((await page.title()).startsWith(o.title));
  assert.deepEqual((await visible(page)).actors, [...o.actors].sort());
  // Nothing drawn is cut off left or right, the big actors in the first lanes are in view.
  assert.deepEqual(await cutOff(page), []);
  await page.screenshot({ path: join(plan.screenshots, 'atlas-1366x768.png') });
  for (const id of o.in_view) {
    const inView = await page.evaluate((i) => {
      const b = document.querySelector(`g.actor[data-id="${i}"] rect`).getBoundingClientRect();
      const v = document.getElementById('canvas').getBoundingClientRect();
      return b.left >= v.left && b.right <= v.right && b.top >= v.top && b.bottom <= v.bottom;
    }, id);
    assert.ok(inView, `${id} in view when the page opens`);
  }
  // Names readable at "Fit", here and in other years.
  for (const year of [o.year, 2012, 2005]) {
    if (year !== o.year) await slideTo(page, year);
    await page.locator('#zoom-fit').click();
    assert.deepEqual(await cutOff(page), [], `nothing cut off at Fit in ${year}`);
    const sizes = await nameSizes(page);
    assert.ok(sizes.length > 0);
    const smallest = sizes.reduce((a, b) => (b.px < a.px ? b : a));
    assert.ok(smallest.px >= 11, `at Fit in ${year} the name of ${smallest.id} is ${smallest.px.toFixed(1)} px`);
  }
  // Zooming out makes them smaller: the measure measures.
  await slideTo(page, o.year);
  await page.locator('#zoom-fit').click();
  await page.locator('#zoom-out').click();
  assert.ok(Math.min(...(await nameSizes(page)).map((s) => s.px)) < 11);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the years after the horizon are shaded and called a projection', async () => {
  const o = plan.builtin.opening;
  const { page, problems } = await open(plan.builtin.html);
  const badge = page.locator('#projection');
  assert.equal(await badge.isVisible(), false, `${o.year} is observed`);
  assert.doesNotMatch(await page.textContent('#status'), /projection/);
  const label = await page.locator('.projection-label').textContent();
  assert.equal(label, `projection: after ${o.horizon}`);
  // The band starts at the first column after the horizon.
  const [band, first] = await page.evaluate((h) => {
    const data = JSON.parse(document.getElementById('atlas-data').textContent);
    return [Number(document.querySelector('rect.projection').getAttribute('x')), data.layout.columns.find((c) => c.year > h).x];
  }, o.horizon);
  assert.equal(band, first);
  await slideTo(page, o.horizon + 1);
  assert.ok(await badge.isVisible());
  assert.match(await page.textContent('#status'), new RegExp(`^${o.horizon + 1} \\(projection\\)`));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the command line\'s filters decide what the page holds', async () => {
  const f = plan.builtin.filtered;
  const { page, problems } = await open(f.html, { hash: `#year=${f.year}` });
  assert.ok(await page.locator('#hide-isolated').isChecked(), '--hide-isolated checks the box');
  assert.equal(await page.locator('#filter-fill-person').count(), 0, 'no people in the page');
  assert.equal(await page.locator('#filter-confidence-proposed').count(), 0);
  const seen = await visible(page);
  assert.deepEqual(seen.actors, [...f.actors].sort());
  assert.deepEqual(seen.links, [...f.links].sort());
  // Unchecking the box shows the actors without links of that year again.
  await page.locator('#hide-isolated').uncheck();
  assert.ok((await visible(page)).actors.length > f.actors.length);
  assert.match(page.url(), /hide-isolated=no/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('--year chooses the year the page opens on', async () => {
  const y = plan.builtin.year_page;
  const { page, problems } = await open(y.html);
  assert.equal(await page.textContent('#year-value'), String(y.year));
  assert.deepEqual((await visible(page)).actors, [...y.actors].sort());
  assert.deepEqual(problems, []);
  await page.close();
});

test('the fragment holds the view: opening it restores it, back and forward step through views', async () => {
  const f = plan.builtin.fragment;
  // Leaving proposed links out is part of the view only when the dataset has some.
  const confidence = f.proposed_links.length ? '&confidence=stated,inferred' : '';
  const hash = `#year=${f.year}&actor=${f.actor}&without-actor-kind=${f.without_actor_kind}${confidence}`;
  const { page, problems } = await open(plan.builtin.html, { hash });
  const selected = () => page.getAttribute('#details', 'data-selected');
  assert.equal(await page.textContent('#year-value'), String(f.year));
  assert.equal(await selected(), f.actor);
  assert.equal(await page.locator(`#filter-fill-${f.without_actor_kind}`).isChecked(), false);
  // Proposed links are left out (the built-in dataset may hold none: then it has no box).
  assert.equal(await page.locator('#filter-confidence-proposed:checked').count(), 0);
  assert.equal(await page.locator('#filter-confidence-stated').isChecked(), true);
  assert.equal(await page.locator(`g.actor[data-kind="${f.without_actor_kind}"]:visible`).count(), 0);
  const shownLinks = await page.locator('g.link:visible').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-id')));
  for (const id of shownLinks) assert.ok(!f.proposed_links.includes(id), `${id} is proposed`);
  assert.deepEqual(shownLinks.sort(), [...f.links].sort(), 'the links of the filtered slice');
  assert.equal(new URL(page.url()).hash, hash, 'a view in canonical form stays as written');

  // Three views: another actor, a link kind left out, another year.
  await page.locator('#search').fill(f.other_query);
  await page.locator(`#results button[data-id="${f.other}"]`).click();
  await page.waitForFunction((id) => document.querySelector('#details').dataset.selected === id, f.other);
  assert.match(page.url(), new RegExp(`actor=${f.other}`));
  await page.locator(`#filter-line-${f.link_kind}`).uncheck();
  assert.match(page.url(), new RegExp(`without-link-kind=${f.link_kind}`));
  await page.locator('#year').fill(String(f.year - 3));
  assert.equal(await page.textContent('#year-value'), String(f.year - 3));

  await page.goBack();
  await page.waitForFunction((y) => document.querySelector('#year-value').textContent === String(y), f.year);
  assert.equal(await page.locator(`#filter-line-${f.link_kind}`).isChecked(), false);
  await page.goBack();
  await page.waitForFunction((k) => document.querySelector(`#filter-line-${k}`).checked, f.link_kind);
  assert.equal(await selected(), f.other);
  await page.goBack();
  await page.waitForFunction((id) => document.querySelector('#details').dataset.selected === id, f.actor);
  assert.equal(new URL(page.url()).hash, hash);
  await page.goForward();
  await page.waitForFunction((id) => document.querySelector('#details').dataset.selected === id, f.other);

  // An address edited by hand; a link's id (with its slashes) survives the round trip.
  await page.evaluate((l) => { location.hash = `#year=2005&link=${encodeURIComponent(l)}`; }, f.link);
  await page.waitForFunction((l) => document.querySelector('#details').dataset.selected === l, f.link);
  assert.equal(await page.textContent('#year-value'), '2005');
  const linkUrl = page.url();
  const again = await open(plan.builtin.html, { hash: new URL(linkUrl).hash });
  assert.equal(await again.page.getAttribute('#details', 'data-selected'), f.link);
  assert.equal(again.page.url(), linkUrl);
  // Nonsense in the fragment is ignored.
  await again.page.evaluate(() => { location.hash = '#year=abc&actor=%E0%A4&without-actor-kind=nope&confidence='; });
  await again.page.waitForFunction(() => document.querySelector('#details').dataset.selected === '');
  assert.equal(await again.page.locator('g.link:visible').count(), 0, 'no confidence kept, no link shown');
  assert.deepEqual(again.problems, []);
  await again.page.close();
  assert.deepEqual(problems, []);
  await page.close();
});

/** The bytes of a download started by clicking `button`. */
async function downloadFrom(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(button).click()]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

/** Width, height and raw pixel rows of an 8-bit RGBA PNG, checked chunk by chunk. */
function decodePng(bytes) {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  let at = 8;
  let header = null;
  const idat = [];
  let ended = false;
  while (at < bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), depth: body[8], colour: body[9] };
    if (type === 'IDAT') idat.push(body);
    if (type === 'IEND') ended = true;
    at += 12 + length;
  }
  assert.ok(header && ended, 'IHDR and IEND');
  assert.equal(header.depth, 8);
  const channels = { 2: 3, 6: 4 }[header.colour];
  assert.ok(channels, `colour type ${header.colour}`);
  const raw = inflateSync(Buffer.concat(idat));
  assert.equal(raw.length, header.height * (1 + header.width * channels), 'the pixel data is whole');
  return header;
}

test('save this view as SVG and PNG, offline', async () => {
  const f = plan.builtin.fragment;
  const { page, problems } = await open(plan.builtin.html, { hash: `#year=${f.year}&actor=${f.actor}` });
  const names = await page.locator('g.actor:visible text').allTextContents();

  const svg = await downloadFrom(page, '#save-svg');
  assert.match(svg.name, new RegExp(`^[a-z0-9]+(-[a-z0-9]+)*-${f.year}\\.svg$`));
  const text = svg.bytes.toString('utf8');
  assert.ok(text.startsWith('<?xml'));
  // A well-formed SVG document, drawn by the browser as an image, holding the names shown.
  const probe = await context.newPage();
  const parsed = await probe.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    const root = doc.documentElement;
    return {
      error: doc.getElementsByTagName('parsererror').length,
      root: root.localName,
      width: Number(root.getAttribute('width')),
      height: Number(root.getAttribute('height')),
      actors: [...doc.querySelectorAll('g.actor text')].map((e) => e.textContent),
      heading: doc.querySelector('.view-title').textContent,
      hidden: doc.querySelectorAll('[display="none"]').length,
      scripts: doc.querySelectorAll('script').length,
    };
  }, text);
  assert.equal(parsed.error, 0);
  assert.equal(parsed.root, 'svg');
  assert.deepEqual(parsed.actors.sort(), names.sort(), 'the actors shown, and only them');
  assert.equal(parsed.hidden, 0);
  assert.equal(parsed.scripts, 0);
  assert.equal(parsed.heading, `${plan.builtin.opening.title} — ${f.year}`);
  const drawn = await probe.evaluate(async (t) => {
    const img = new Image();
    img.src = 'data:image/svg+xml;base64,' + btoa(unescape(encodeURIComponent(t)));
    await img.decode();
    return [img.naturalWidth, img.naturalHeight];
  }, text);
  assert.deepEqual(drawn, [parsed.width, parsed.height]);

  const png = await downloadFrom(page, '#save-png');
  assert.equal(png.name, svg.name.replace(/svg$/, 'png'));
  const header = decodePng(png.bytes);
  writeFileSync(join(plan.screenshots, 'atlas-saved.png'), png.bytes);
  writeFileSync(join(plan.screenshots, 'atlas-saved.svg'), svg.bytes);
  assert.deepEqual([header.width, header.height], [parsed.width * 2, parsed.height * 2]);
  // Decoded by the browser too: a white picture with the actors' colours and dark text on it.
  const pixels = await probe.evaluate(async (b64) => {
    const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' }));
    const c = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = c.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    let light = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] < 80 && d[i + 1] < 80 && d[i + 2] < 80) dark++;
      if (d[i] > 235 && d[i + 1] > 235 && d[i + 2] > 235) light++;
    }
    return { dark: dark / (d.length / 4), light: light / (d.length / 4), corner: [...d.subarray(0, 4)] };
  }, png.bytes.toString('base64'));
  assert.deepEqual(pixels.corner, [255, 255, 255, 255]);
  assert.ok(pixels.dark > 0.001 && pixels.light > 0.5, JSON.stringify(pixels));
  await probe.close();
  assert.deepEqual(problems, []);
  await page.close();
});
