// End-to-end tests of `mesograph report` in headless Chromium (the Debian package), driven by
// playwright-core. Run by tests/it/report.rs, which writes the reports and the plan: each
// report's expected sections, its dataset's sources (id → URL), names to find, and where to
// save a screenshot of one year.
//
//   MESOGRAPH_REPORT_PLAN=plan.json node --test tests/e2e/report.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { readPlan, useBrowser } from './browser.mjs';

const plan = readPlan('MESOGRAPH_REPORT_PLAN', 'tests/it/report.rs');
const browserContext = useBrowser(1200);

/** Opens a report, recording every console error, page error and request but its own file. */
async function open(html) {
  const page = await browserContext().newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  const url = pathToFileURL(html).href;
  page.on('request', (r) => {
    if (r.url() !== url && !r.url().startsWith('data:')) problems.push(`request: ${r.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

for (const report of plan.reports) {
  test(`the report ${report.html} shows every year, picture and citation`, async () => {
    const { page, problems } = await open(report.html);

    // Every year section is there, in order, each with its heading.
    const sections = await page.locator('section.year').evaluateAll((els) =>
      els.map((e) => e.id.replace(/^section-/, '')));
    assert.deepEqual(sections, report.sections);

    // Every picture is decoded, and every chart is an SVG with a size.
    const images = await page.locator('img').evaluateAll((els) =>
      els.map((img) => ({ alt: img.alt, complete: img.complete, width: img.naturalWidth })));
    assert.equal(images.length, report.sections.length, 'one picture per section');
    for (const img of images) {
      assert.ok(img.complete && img.width > 0, `picture not decoded: ${img.alt}`);
    }
    const charts = await page.locator('figure.chart svg').evaluateAll((els) =>
      els.map((svg) => svg.getBoundingClientRect().width));
    assert.ok(charts.length >= 2, 'actors and links charts');
    for (const width of charts) assert.ok(width > 100, `chart width ${width}`);

    // Every citation points at a note of its section whose source is one of the dataset's,
    // and that note links to the source's URL when it has one.
    const citations = await page.locator('a.cite').evaluateAll((links) => links.map((a) => {
      const target = document.getElementById(a.getAttribute('href').slice(1));
      const section = a.closest('section');
      return {
        href: a.getAttribute('href'),
        found: Boolean(target),
        sameSection: Boolean(target) && target.closest('section') === section,
        source: target ? target.dataset.source : null,
        urls: target ? [...target.querySelectorAll('a')].map((l) => l.href) : [],
      };
    }));
    assert.ok(citations.length > 0, 'some citations');
    for (const c of citations) {
      assert.ok(c.found && c.sameSection, `citation ${c.href} has no note in its section`);
      assert.ok(Object.hasOwn(report.sources, c.source), `unknown source ${c.source}`);
      const url = report.sources[c.source];
      if (url) assert.ok(c.urls.includes(new URL(url).href), `note of ${c.source} lacks ${url}`);
    }
    // The title page lists every source once.
    const listed = await page.locator('ol.sources li').evaluateAll((els) => els.map((e) => e.dataset.source));
    assert.deepEqual([...listed].sort(), Object.keys(report.sources).sort());

    // The names, as the reader sees them, are the data's names (nothing became markup).
    const actors = await page.locator('span.actor').evaluateAll((els) => els.map((e) => e.textContent));
    for (const name of report.names) {
      const shown = name.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
      assert.ok(actors.includes(shown), `name not shown as written: ${JSON.stringify(name)}`);
    }
    assert.equal(await page.evaluate(() => document.scripts.length), 0, 'no script on the page');

    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('a year section looks like a page of the deck', async () => {
  const { page, problems } = await open(plan.reports[0].html);
  const section = page.locator(`#section-${plan.screenshot.section}`);
  // The top of the section: its picture, its actors and the first of what began.
  const box = await section.boundingBox();
  assert.ok(box && box.width > 0 && box.height > 0, 'the section is laid out');
  await page.screenshot({
    path: plan.screenshot.path,
    fullPage: true,
    clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 1500) },
  });
  assert.deepEqual(problems, []);
  await page.close();
});
