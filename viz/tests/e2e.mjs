// End-to-end test of the workshop page in a real browser (headless Chromium):
//   node viz/tests/e2e.mjs --wfsim build/cli/wfsim --page build/viz/dist --out build/viz/test-artefacts
//        [--docs-screenshot docs/img/workshop.png] [--chromium /usr/bin/chromium]
// Starts `wfsim serve` on a free loopback port, drives the page like a workshop
// facilitator, and fails on any console error or any request off the machine.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, copyFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const t0 = Date.now();
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const wfsim = args.wfsim ?? process.env.WFSIM_EXE;
const pageDir = path.resolve(args.page ?? 'viz/dist');
const outDir = path.resolve(args.out ?? 'viz-test-artefacts');
const docsShot = args['docs-screenshot'];
const chromiumPath = args.chromium ?? process.env.WFSIM_CHROMIUM ?? '/usr/bin/chromium';
if (!wfsim) { console.error('e2e: give --wfsim PATH (the wfsim binary)'); process.exit(2); }

const log = (...m) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)} s]`, ...m);
function check(cond, message) { if (!cond) throw new Error(`check failed: ${message}`); }

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

async function waitFor(fn, what, timeout = 15000, every = 100) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try { const v = await fn(); if (v) return v; } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, every));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (${last.message})` : ''}`);
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
let server, context, userDataDir;
const serverLog = [];
const consoleErrors = [];
const offHost = [];
let allowErrors = false; // while the test provokes a failure on purpose

async function main() {
  await mkdir(outDir, { recursive: true });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  server = spawn(wfsim, ['serve', '--port', String(port), '--host', '127.0.0.1', '--page', pageDir],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (d) => serverLog.push(String(d)));
  server.stderr.on('data', (d) => serverLog.push(String(d)));
  let exited = null;
  server.on('exit', (code, sig) => { exited = { code, sig }; });
  await waitFor(async () => {
    if (exited) throw new Error(`wfsim serve exited (${JSON.stringify(exited)}): ${serverLog.join('')}`);
    return (await fetch(`${base}/api/scenarios`)).ok;
  }, 'wfsim serve to answer', 20000);
  log(`wfsim serve is up on port ${port}`);

  userDataDir = await mkdtemp(path.join(os.tmpdir(), 'wfsim-e2e-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
    viewport: { width: 1400, height: 900 }, acceptDownloads: true, deviceScaleFactor: 1,
  });
  context.on('request', (req) => {
    const u = new URL(req.url());
    if (u.protocol === 'data:' || u.protocol === 'blob:') return;
    if (!LOOPBACK.has(u.hostname)) offHost.push(req.url());
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (allowErrors) return;
    consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(`page error: ${err.message}`));
  const shot = (name) => page.screenshot({ path: path.join(outDir, `${name}.png`) });
  const api = async (p, init) => { const r = await fetch(`${base}${p}`, init); return r.status === 204 ? null : r.json(); };

  // 1. Scenario cards: Sure Start first, then an LA team.
  await page.goto(`${base}/`);
  await page.waitForSelector('.card');
  const cards = await page.$$eval('.card', (els) => els.map((e) => e.dataset.scenario));
  check(cards[0] === 'sure_start_centre', `first card is the Sure Start centre (got ${cards[0]})`);
  check((await page.textContent('.card')).includes('Source'), 'the card shows its source');
  await shot('01-cards');
  log(`${cards.length} scenario cards`);
  await page.click('.card[data-scenario="sure_start_centre"]');
  await page.waitForSelector('#main:not([hidden])');
  await page.waitForSelector('.chart .u-over');
  const sid = await waitFor(() => page.evaluate(() => {
    const es = performance.getEntriesByType('resource').map((e) => e.name).find((n) => /\/api\/sessions\/[^/]+\/network/.test(n));
    return es && es.match(/sessions\/([^/]+)\//)[1];
  }), 'the session id');
  log(`session ${sid}`);
  const levers = await page.$$eval('#levers-a .lever', (els) => els.map((e) => e.dataset.key));
  check(levers.includes('referral_multiplier'), `levers shown (${levers.join(', ')})`);
  const label = await page.getAttribute('#levers-a input[data-key="referral_multiplier"]', 'id');
  check(await page.$(`label[for="${label}"]`), 'the slider has a label');
  // Chart titles and units are the server's descriptions of the metrics.
  const described = await api(`/api/sessions/${sid}/metrics`);
  const about = (name) => described.find((d) => d.name === name) ?? {};
  const burnoutTitle = await page.textContent('.chart[data-chart="burnout"] h3');
  check(about('burnout_mean').label && burnoutTitle.startsWith(about('burnout_mean').label)
    && burnoutTitle.includes(about('burnout_mean').unit), `chart title from the server (${burnoutTitle})`);
  const agencyUnit = await page.textContent('.chart[data-chart="agency"] .unit');
  check(about('agency_share').share === true && agencyUnit === about('agency_share').unit,
    `chart unit from the server (${agencyUnit})`);

  // Network pixels before any week.
  const netHash = (id) => page.evaluate((cid) => {
    const c = document.getElementById(cid);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const colours = new Map();
    for (let i = 0; i < d.length; i += 4 * 7) {
      const k = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
      colours.set(k, (colours.get(k) ?? 0) + 1);
    }
    let h = 0;
    for (const [k, n] of colours) h = (h * 31 + k * 7 + n) >>> 0;
    return { h, n: colours.size };
  }, id);
  await page.waitForTimeout(200);
  const before = await netHash('net-a');

  // 2. Levers: the keyboard on one slider, the mouse on another.
  const ref = page.locator('#levers-a input[data-key="referral_multiplier"]');
  await ref.focus();
  const v0 = Number(await ref.inputValue());
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  const v1 = Number(await ref.inputValue());
  check(v1 > v0, `ArrowRight moves the slider (${v0} -> ${v1})`);
  const focusVisible = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  check(focusVisible !== 'none', 'the focused slider shows an outline');
  const hot = page.locator('#levers-a input[data-key="hot_desking_share"]');
  if (await hot.count()) {
    await hot.scrollIntoViewIfNeeded();
    const box = await hot.boundingBox();
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
  }
  const s1 = await waitFor(async () => {
    const s = await api(`/api/sessions/${sid}`);
    return Math.abs(s.arms.a.levers.referral_multiplier - v1) < 1e-9
      && Math.abs(s.arms.a.levers.hot_desking_share - 0.5) < 0.06 ? s : null;
  }, 'the server to take the new slider value');
  log(`levers sent: referral_multiplier ${s1.arms.a.levers.referral_multiplier}, hot_desking_share ${s1.arms.a.levers.hot_desking_share}`);

  // 3. Play fast; the charts fill and the people change colour.
  await page.locator('#speed').focus();
  await page.keyboard.press('End');
  await waitFor(async () => (await api(`/api/sessions/${sid}`)).speed === 52, 'speed 52 weeks/s', 5000);
  await page.click('#btn-play');
  await page.waitForFunction(() => Number(document.querySelector('.chart').dataset.points) >= 26, null, { timeout: 20000 });
  const playing = await page.textContent('#status');
  check(/playing|finished/.test(playing), `status shows playing (${playing})`);
  const after = await netHash('net-a');
  check(after.h !== before.h && after.n > before.n, `the network changes colour (colours ${before.n} -> ${after.n})`);
  await page.check('input[name=colour][value=uptake]', { force: true });
  await page.waitForTimeout(150);
  const uptakeHash = await netHash('net-a');
  check(uptakeHash.h !== after.h, 'colouring by evidence use redraws the network');
  await page.check('input[name=colour][value=burnout]', { force: true });
  const chartCount = await page.$$eval('.chart', (els) => els.length);
  check(chartCount >= 5, `at least 5 charts (${chartCount})`);
  const pts = await page.$$eval('.chart', (els) => els.map((e) => Number(e.dataset.points)));
  check(pts.every((p) => p >= 26), `every chart has data (${pts})`);
  // Hover a person: the tooltip names role, tenure, caseload and burnout.
  const nbox = await page.locator('#net-a').boundingBox();
  await page.locator('#net-a').focus();
  await page.keyboard.press('ArrowRight');
  const tip = await page.textContent('#tooltip');
  check(/Burnout|Vacant/.test(tip), `keyboard tooltip on the network (${tip})`);
  await page.mouse.move(nbox.x + 5, nbox.y + 5);
  await shot('02-playing');
  if ((await page.textContent('#status')) === 'playing') await page.click('#btn-play'); // pause
  log('single run checked');

  // 4. Side by side: run B with its own levers, same random numbers.
  await page.click('label.switch:has(#sbs)');
  await page.waitForSelector('#net-b-fig:not([hidden])');
  await waitFor(async () => (await api(`/api/sessions/${sid}`)).arms.b, 'arm b on the server');
  await page.waitForSelector('#levers-b:not([hidden])');
  const refB = page.locator('#levers-b input[data-key="referral_multiplier"]');
  await refB.focus();
  await page.keyboard.press('End');
  await waitFor(async () => {
    const s = await api(`/api/sessions/${sid}`);
    return s.arms.b.levers.referral_multiplier > v1 + 0.1;
  }, 'run B to take its own referral value');
  const st = await api(`/api/sessions/${sid}`);
  if (st.status !== 'playing') await page.click('#btn-play');
  await page.waitForFunction(() => Number(document.querySelector('.chart').dataset.pointsB) >= 40
    && Number(document.querySelector('.chart').dataset.points) >= 40, null, { timeout: 20000 });
  const diffs = await page.$$eval('.chart .diff', (els) => els.map((e) => e.textContent));
  check(diffs.every((d) => d.startsWith('B − A at week')), `each chart shows B − A (${diffs[0]})`);
  check(diffs.some((d) => /[+−]\d*\.?\d*[1-9]/.test(d)), `some difference is not zero (${diffs.join(' | ')})`);
  const bHash = await netHash('net-b');
  check(bHash.n > 10, 'the second network is drawn');
  await page.check('input[name=view][value=diff]', { force: true });
  await page.waitForTimeout(300);
  await shot('03-side-by-side-difference');
  await page.check('input[name=view][value=both]', { force: true });
  await page.waitForTimeout(500);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(1, 1);
  await page.waitForSelector('#toast:not(.show)', { state: 'attached', timeout: 5000 });
  await page.waitForTimeout(400);
  await shot('04-side-by-side');
  if (docsShot) { await mkdir(path.dirname(path.resolve(docsShot)), { recursive: true }); await copyFile(path.join(outDir, '04-side-by-side.png'), docsShot); }
  await page.waitForFunction(() => document.getElementById('status').textContent === 'finished', null, { timeout: 30000 });
  log(`side by side checked: ${diffs[0]}`);

  // 5. Exports: CSV of both runs, PNG of a chart.
  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('#btn-csv-all')]);
  const csvPath = path.join(outDir, csvDl.suggestedFilename());
  await csvDl.saveAs(csvPath);
  const csv = (await readFile(csvPath, 'utf8')).trim().split('\n');
  const header = csv[0].split(',');
  check(header[0] === 'arm' && header[1] === 'week' && header.includes('burnout_mean'), `CSV header (${csv[0]})`);
  const rowsA = csv.filter((l) => l.startsWith('a,')), rowsB = csv.filter((l) => l.startsWith('b,'));
  check(rowsA.length >= 40 && rowsB.length >= 40, `CSV rows of both runs (a ${rowsA.length}, b ${rowsB.length})`);
  check(rowsA.every((l) => l.split(',').length === header.length && l.split(',').slice(1).every((x) => x === '' || Number.isFinite(Number(x)))), 'CSV rows are numeric');
  const [pngDl] = await Promise.all([page.waitForEvent('download'), page.click('.chart[data-chart="burnout"] button.png')]);
  const pngPath = path.join(outDir, pngDl.suggestedFilename());
  await pngDl.saveAs(pngPath);
  const png = await readFile(pngPath);
  check(png.length > 2000 && png.subarray(1, 4).toString() === 'PNG', `chart PNG (${png.length} bytes)`);
  const [netDl] = await Promise.all([page.waitForEvent('download'), page.click('#btn-net-png')]);
  await netDl.saveAs(path.join(outDir, netDl.suggestedFilename()));
  log(`exports: ${path.basename(csvPath)} (${csv.length - 1} rows), ${path.basename(pngPath)} (${png.length} bytes)`);

  // 6. A session the server no longer has: a readable message, no crash.
  allowErrors = true;
  await api(`/api/sessions/${sid}`, { method: 'DELETE' });
  await page.click('#btn-reset');
  await page.waitForSelector('.alert', { timeout: 5000 });
  const alertText = await page.textContent('.alert');
  check(/start again/i.test(alertText), `the error offers to start again (${alertText})`);
  await shot('05-error');

  check(consoleErrors.length === 0, `no console errors (${consoleErrors.join(' | ')})`);
  check(offHost.length === 0, `no requests off the machine (${offHost.join(', ')})`);
  log(`e2e passed; screenshots in ${outDir}`);
}

let failed = false;
try {
  await main();
} catch (e) {
  failed = true;
  console.error(`e2e FAILED: ${e.message}`);
  if (consoleErrors.length) console.error(`console errors: ${consoleErrors.join(' | ')}`);
  try { const p = context?.pages()[0]; if (p) await p.screenshot({ path: path.join(outDir, 'failure.png') }); } catch { /* ignore */ }
  if (serverLog.length) console.error(`wfsim serve said:\n${serverLog.join('').slice(-3000)}`);
} finally {
  await context?.close().catch(() => {});
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => { const t = setTimeout(() => { server.kill('SIGKILL'); r(); }, 3000); server.once('exit', () => { clearTimeout(t); r(); }); });
  }
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
  log(failed ? 'FAILED' : 'done');
}
process.exit(failed ? 1 : 0);
