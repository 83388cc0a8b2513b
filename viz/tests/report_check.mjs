// Browser check of `wfsim report` (headless Chromium through playwright-core):
//   node viz/tests/report_check.mjs --wfsim build/cli/wfsim --source . --out build/test-artefacts/report
//        [--chromium /usr/bin/chromium]
// Writes a small comparison and its report, opens the report from file://,
// and fails if the page requests anything but itself, logs a console error
// (a blocked load would), has an empty chart, or renders blank. The
// screenshots stay in --out for a person to look at.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const t0 = Date.now();
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const wfsim = args.wfsim ?? process.env.WFSIM_EXE;
const source = path.resolve(args.source ?? '.');
const outDir = path.resolve(args.out ?? 'report-test-artefacts');
const chromiumPath = args.chromium ?? '/usr/bin/chromium';
if (!wfsim) { console.error('report_check: give --wfsim PATH (the wfsim binary)'); process.exit(2); }

const log = (...m) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)} s]`, ...m);
function check(cond, message) { if (!cond) throw new Error(`check failed: ${message}`); }

// Distinct colours and the share of non-white pixels of a PNG, measured in
// a separate page (the report's own policy forbids loading anything).
async function pixelStats(browser, png) {
  const page = await browser.newPage();
  try {
    await page.setContent('<canvas id="c"></canvas>');
    return await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.getElementById('c');
      c.width = img.width; c.height = img.height;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      const colours = new Set();
      let ink = 0;
      for (let i = 0; i < d.length; i += 4) {
        colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        if (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240) ink++;
      }
      return { colours: colours.size, ink: ink / (d.length / 4), width: c.width, height: c.height };
    }, png.toString('base64'));
  } finally {
    await page.close();
  }
}

async function main() {
  await mkdir(outDir, { recursive: true });
  const h5 = path.join(outDir, 'compare.h5');
  const html = path.join(outDir, 'compare.html');
  execFileSync(wfsim, ['compare', path.join(source, 'scenarios/baseline.yaml'),
    path.join(source, 'scenarios/council_agile_flexitime.yaml'), '--replicates', '4',
    '--weeks', '104', '--horizons', '52,104', '-o', h5, '--force', '--format', 'csv'], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(wfsim, ['report', h5, '-o', html, '--force'], { stdio: ['ignore', 'inherit', 'inherit'] });
  log('wrote', html);
  const text = await readFile(html, 'utf8');
  check(!/https?:\/\//.test(text), 'the report names no http(s) URL');

  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const url = pathToFileURL(html).href;
    const requests = [];
    const others = [];
    await context.route('**/*', (route) => {
      const u = route.request().url();
      requests.push(u);
      if (u === url) return route.continue();
      others.push(u);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('request', (r) => { if (r.url() !== url && !requests.includes(r.url())) others.push(r.url()); });
    const consoleErrors = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.goto(url, { waitUntil: 'load' });

    const charts = await page.$$eval('figure.chart svg', (svgs) => svgs.map((s) => {
      const r = s.getBoundingClientRect();
      return { w: r.width, h: r.height, title: !!s.querySelector('title'), desc: !!s.querySelector('desc') };
    }));
    log(`${charts.length} charts`);
    check(charts.length >= 20, `at least 20 charts (found ${charts.length})`);
    check(charts.every((c) => c.w > 100 && c.h > 50), 'every chart has a non-zero size');
    check(charts.every((c) => c.title && c.desc), 'every chart has <title> and <desc>');
    const tables = await page.$$eval('table.comparison tbody tr', (rows) => rows.length);
    check(tables > 10, `the comparison table has rows (found ${tables})`);

    const top = await page.screenshot({ path: path.join(outDir, 'report_top.png') });
    const figure = await page.$('#system figure.chart');
    await figure.scrollIntoViewIfNeeded();
    const charts_shot = await page.screenshot({ path: path.join(outDir, 'report_charts.png') });
    const one = await figure.screenshot({ path: path.join(outDir, 'report_chart.png') });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: path.join(outDir, 'report_print.png') });
    for (const [name, png] of [['top', top], ['charts', charts_shot], ['chart', one]]) {
      const stats = await pixelStats(browser, png);
      log(`screenshot ${name}: ${stats.width}x${stats.height}, ${stats.colours} colours, ${(stats.ink * 100).toFixed(1)} % ink`);
      check(stats.colours > 20 && stats.ink > 0.01, `screenshot ${name} is not blank`);
    }
    check(requests.length === 1 && requests[0] === url, `only the report itself is requested (saw ${requests.join(', ')})`);
    check(others.length === 0, `no other request (saw ${others.join(', ')})`);
    check(consoleErrors.length === 0, `no console errors (saw ${consoleErrors.join(' | ')})`);
    await context.close();
  } finally {
    await browser.close();
  }
  log('ok; screenshots in', outDir);
}

main().catch((e) => { console.error(`report_check: ${e.message}`); process.exit(1); });
