// End-to-end test of the workshop page in a real browser (headless Chromium):
//   node viz/tests/e2e.mjs --wfsim build/cli/wfsim --page build/viz/dist --out build/viz/test-artefacts
//        [--docs-dir docs/img] [--docs-screenshot docs/img/workshop.png] [--chromium /usr/bin/chromium]
// Starts `wfsim serve --max-agents 500` on a free loopback port (so that the
// bigger cards are unavailable), drives the page at 1366x768 like a workshop
// facilitator, and fails on any console error or any request off the machine.
// --docs-dir saves the documentation's screenshots (workshop.png,
// workshop-1366.png, workshop-1920.png, ...) there; --docs-screenshot saves
// only the main one (two runs side by side, ten runs each, at 1920x1080).
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
const docsDir = args['docs-dir'];
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
  server = spawn(wfsim, ['serve', '--port', String(port), '--host', '127.0.0.1', '--page', pageDir, '--max-agents', '500'],
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
  const token = await waitFor(() => /#facilitator=([^\s]+)/.exec(serverLog.join(''))?.[1], 'the facilitator link on the server\'s output', 5000);

  userDataDir = await mkdtemp(path.join(os.tmpdir(), 'wfsim-e2e-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
    viewport: { width: 1366, height: 768 }, acceptDownloads: true, deviceScaleFactor: 1,
  });
  context.on('request', (req) => {
    const u = new URL(req.url());
    if (u.protocol === 'data:' || u.protocol === 'blob:') return;
    if (!LOOPBACK.has(u.hostname)) offHost.push(req.url());
  });
  const page = context.pages()[0] ?? await context.newPage();
  const watch = (p) => {
    p.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      if (allowErrors) return;
      consoleErrors.push(msg.text());
    });
    p.on('pageerror', (err) => consoleErrors.push(`page error: ${err.message}`));
  };
  watch(page);
  const shot = (name) => page.screenshot({ path: path.join(outDir, `${name}.png`) });
  const api = async (p, init) => { const r = await fetch(`${base}${p}`, init); return r.status === 204 ? null : r.json(); };
  const json = (body) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  // 1. Scenario cards: Sure Start first; cards too big for this server greyed, with the reason.
  await page.goto(`${base}/`);
  await page.waitForSelector('.card');
  const cards = await page.$$eval('.card', (els) => els.map((e) => e.dataset.scenario));
  check(cards[0] === 'sure_start_centre', `first card is the Sure Start centre (got ${cards[0]})`);
  check((await page.textContent('.card')).includes('Source'), 'the card shows its source');
  const listed = await api('/api/scenarios');
  const tooBig = listed.find((sc) => sc.available === false);
  check(tooBig && tooBig.unavailable_reason, 'the server marks a card too big for --max-agents 500');
  const greyed = page.locator(`.card[data-scenario="${tooBig.id}"]`);
  check(await greyed.evaluate((e) => e.classList.contains('unavailable') && e.getAttribute('aria-disabled') === 'true'),
    'the too-big card is greyed');
  check((await greyed.textContent()).includes(tooBig.unavailable_reason), 'the greyed card gives the reason');
  await greyed.click({ force: true });
  await page.waitForTimeout(300);
  check(await page.isHidden('#main'), 'a greyed card does not open');
  await shot('01-cards');
  log(`${cards.length} scenario cards, ${listed.filter((sc) => sc.available === false).length} greyed`);

  // 2. The join panel: each address with its QR code, drawn here.
  await page.click('#btn-join');
  await page.waitForSelector('#join-dialog[open] svg.qr path');
  const qr = await page.$eval('#join-dialog', (d) => ({ text: d.querySelector('figcaption').textContent,
    modules: (d.querySelector('svg.qr path').getAttribute('d').match(/M/g) ?? []).length }));
  check(/^http:\/\//.test(qr.text) && qr.modules > 100, `the join panel shows an address and its QR code (${qr.text}, ${qr.modules} modules)`);
  await page.screenshot({ path: path.join(outDir, '02-join.png') });
  await page.keyboard.press('Escape');

  await page.click('.card[data-scenario="sure_start_centre"]');
  await page.waitForSelector('#main:not([hidden])');
  await page.waitForSelector('.chart .u-over');
  const sid = await waitFor(() => page.evaluate(() => {
    const es = performance.getEntriesByType('resource').map((e) => e.name).find((n) => /\/api\/sessions\/[^/]+\/network/.test(n));
    return es && es.match(/sessions\/([^/]+)\//)[1];
  }), 'the session id');
  log(`session ${sid}`);
  const session = () => api(`/api/sessions/${sid}`);
  // Presses Play unless the run plays, once the page shows the server's state
  // (Play on a page still showing "finished" would replay from week 0).
  const playIfStopped = async () => {
    const status = await waitFor(async () => {
      const s = await session();
      return (await page.textContent('#status')) === s.status && s.status;
    }, 'the page to show the run\'s state');
    if (status !== 'playing') await page.click('#btn-play');
  };

  // 3. At 1366x768: the title whole, a big network, and every lever reachable and usable.
  const title = await page.$eval('h1', (h) => ({ w: h.scrollWidth, cw: h.clientWidth, h: h.scrollHeight, ch: h.clientHeight }));
  check(title.w <= title.cw && title.h <= title.ch + 1, `the title is not cut (${JSON.stringify(title)})`);
  const teamLabels = await waitFor(() => page.$eval('#net-a', (c) => c.dataset.labels), 'the network\'s labels');
  check(teamLabels.includes('Family support') && !teamLabels.includes('_'), `the network names the teams in words (${teamLabels})`);
  const net = await page.$eval('#net-a', (c) => [c.clientWidth, c.clientHeight]);
  check(net[0] >= 600 && net[1] >= 400, `the network is at least 600x400 at 1366x768 (${net})`);
  const levers = await page.$$eval('#levers-a .lever', (els) => els.map((e) => e.dataset.key));
  check(levers.length === 9, `nine levers (${levers.join(', ')})`);
  for (const key of levers) {
    const control = page.locator(`#levers-a [data-key="${key}"]:is(input, select)`);
    await control.scrollIntoViewIfNeeded();
    const usable = await control.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2, y = r.top + r.height / 2;
      const hit = document.elementFromPoint(x, y);
      return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight && (hit === el || el.closest('label')?.contains(hit) || el.contains(hit));
    });
    check(usable, `the lever ${key} scrolls into view and is not covered`);
  }
  await page.$eval('.panel', (p) => { p.scrollTop = 0; });
  const label = await page.getAttribute('#levers-a input[data-key="referral_multiplier"]', 'id');
  check(await page.$(`label[for="${label}"]`), 'the slider has a label');
  // Chart titles and units are the server's descriptions of the metrics.
  const described = await api(`/api/sessions/${sid}/metrics`);
  const about = (name) => described.find((d) => d.name === name) ?? {};
  const burnoutTitle = await page.textContent('.chart[data-chart="burnout"] h3');
  check(about('burnout_mean').label && burnoutTitle.startsWith(about('burnout_mean').label)
    && burnoutTitle.includes(about('burnout_mean').unit), `chart title from the server (${burnoutTitle})`);

  // 4. About this model: the mechanisms and every lever's source.
  await page.click('#btn-about');
  await page.waitForSelector('#about-dialog[open] .lever-sources li');
  const aboutText = await page.textContent('#about-dialog');
  const leverDefs = await api('/api/levers?scenario=sure_start_centre');
  for (const l of leverDefs) {
    const source = l.source ?? l.help;
    check(aboutText.includes(source), `the About panel gives the source of ${l.key}`);
  }
  check(/burnout/i.test(aboutText) && /docs\/ODD\.md/.test(aboutText), 'the About panel explains the model and names docs/ODD.md');
  await page.screenshot({ path: path.join(outDir, '03-about.png') });
  await page.keyboard.press('Escape');
  check(await page.$eval('#about-dialog', (d) => !d.open), 'Escape closes the About panel');

  // Network pixels before any week, and the seed.
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
  // Week 0's people come in their burnout colours, not grey.
  await page.waitForSelector('#net-legend .ramp');
  await waitFor(() => page.$eval('#net-legend', (l) => !l.querySelector('.waiting')), 'the people of week 0');
  await page.waitForTimeout(200);
  const before = await netHash('net-a');
  const seed0 = (await session()).seed;
  check(Number(await page.inputValue('#seed')) === seed0, `the seed field shows the session's seed (${seed0})`);
  await page.fill('#seed', '7');
  await page.press('#seed', 'Enter');
  await waitFor(async () => (await session()).seed === 7, 'the seed field to set the seed to 7');
  await page.click('#btn-new-seed');
  const seed2 = await waitFor(async () => { const s = (await session()).seed; return s !== 7 && s; }, 'New seed to change the seed');
  check(Number(await page.inputValue('#seed')) === seed2, `New seed shows the new seed (${seed2})`);
  log(`seed: ${seed0} -> 7 -> ${seed2}`);

  // 5. Levers: the keyboard on one slider, the mouse on another.
  const ref = page.locator('#levers-a input[data-key="referral_multiplier"]');
  await ref.focus();
  const v0 = Number(await ref.inputValue());
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  const v1 = Number(await ref.inputValue());
  check(v1 > v0, `ArrowRight moves the slider (${v0} -> ${v1})`);
  const focusVisible = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  check(focusVisible !== 'none', 'the focused slider shows an outline');
  const hot = page.locator('#levers-a input[data-key="hot_desking_share"]');
  await hot.scrollIntoViewIfNeeded();
  const box = await hot.boundingBox();
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
  const s1 = await waitFor(async () => {
    const s = await session();
    return Math.abs(s.arms.a.levers.referral_multiplier - v1) < 1e-9
      && Math.abs(s.arms.a.levers.hot_desking_share - 0.5) < 0.06 ? s : null;
  }, 'the server to take the new slider value');
  log(`levers sent: referral_multiplier ${s1.arms.a.levers.referral_multiplier}, hot_desking_share ${s1.arms.a.levers.hot_desking_share}`);
  check(/2 levers changed/.test(await page.textContent('#changed-count')), 'the panel counts the changed levers');

  // 6. Play fast; the charts fill and the people change colour; Pause stops the display with the server.
  await page.locator('#speed').focus();
  await page.keyboard.press('End');
  await waitFor(async () => (await session()).speed === 52, 'speed 52 weeks/s', 5000);
  await page.click('#btn-play');
  await page.waitForFunction(() => Number(document.querySelector('.chart').dataset.points) >= 26, null, { timeout: 20000 });
  const playing = await page.textContent('#status');
  check(/playing|finished/.test(playing), `status shows playing (${playing})`);
  // The week on screen when the click arrives, recorded by the page itself.
  await page.evaluate(() => document.getElementById('btn-play').addEventListener('click', () => {
    window.weekAtPause = Number(document.body.dataset.week);
  }, { capture: true, once: true }));
  await page.click('#btn-play'); // pause
  const shownAtClick = await page.evaluate(() => window.weekAtPause);
  await waitFor(async () => (await session()).status === 'paused', 'the server to pause');
  await page.waitForTimeout(700);
  const serverWeek = (await session()).week;
  const shown = await page.evaluate(() => Number(document.body.dataset.week));
  check(Math.abs(shown - serverWeek) <= 1, `Pause at 52 weeks/s: the page shows week ${shown}, the server stopped at ${serverWeek}`);
  // Only the request's way to the server lies between what was seen and where the run stops.
  check(serverWeek - shownAtClick <= 3, `Pause at 52 weeks/s stops near the week on screen (week ${shownAtClick} at the click, stopped at ${serverWeek})`);
  log(`pause: shown ${shownAtClick} at the click, ${shown} after; the server stopped at ${serverWeek}`);
  const after = await netHash('net-a');
  check(after.h !== before.h, `the network changes colour (colours ${before.n} -> ${after.n})`);
  await page.check('input[name=colour][value=uptake]', { force: true });
  await page.waitForTimeout(150);
  const uptakeHash = await netHash('net-a');
  check(uptakeHash.h !== after.h, 'colouring by evidence use redraws the network');
  await page.check('input[name=colour][value=burnout]', { force: true });
  const pts = await page.$$eval('.chart', (els) => els.map((e) => Number(e.dataset.points)));
  check(pts.length >= 5 && pts.every((p) => p >= 26), `every chart has data (${pts})`);
  const ticks = await page.$$eval('.chart', (els) => els.map((e) => e.dataset.chart));
  log(`charts: ${ticks.join(', ')}`);
  // Hover a person: the tooltip names role, tenure, caseload and burnout.
  await page.locator('#net-a').focus();
  await page.keyboard.press('ArrowRight');
  const tip = await page.textContent('#tooltip');
  check(/Burnout|Vacant/.test(tip) && !/_/.test(tip), `keyboard tooltip on the network, in words (${tip})`);
  await page.mouse.move(1, 1);
  await shot('04-single-run');
  log('single run checked');

  // 7. Side by side with one run: B − A "in this run".
  await page.click('label.switch:has(#sbs)');
  await page.waitForSelector('#net-b-fig:not([hidden])');
  await waitFor(async () => (await session()).arms.b, 'arm b on the server');
  await page.waitForSelector('#levers-b:not([hidden])');
  const refB = page.locator('#levers-b input[data-key="referral_multiplier"]');
  await refB.focus();
  await page.keyboard.press('End');
  await waitFor(async () => (await session()).arms.b.levers.referral_multiplier > v1 + 0.1, 'run B to take its own referral value');
  await playIfStopped();
  await page.waitForFunction(() => Number(document.querySelector('.chart').dataset.pointsB) >= 40
    && Number(document.querySelector('.chart').dataset.points) >= 40, null, { timeout: 20000 });
  const diffs = await page.$$eval('.chart .diff', (els) => els.map((e) => e.textContent));
  check(diffs.every((d) => /^B − A at week \d+ in this run: /.test(d)), `each chart shows B − A in this run (${diffs[0]})`);
  check(diffs.some((d) => /[+−]\d*\.?\d*[1-9]/.test(d)), `some difference is not zero (${diffs.join(' | ')})`);
  check((await netHash('net-b')).n > 10, 'the second network is drawn');

  // 8. Ten runs: bands, and B − A across the paired runs.
  await page.click('label:has(input[name=runs][value="10"])');
  await waitFor(async () => (await session()).runs === 10, 'the session to have 10 runs');
  await playIfStopped();
  await page.waitForFunction(() => [...document.querySelectorAll('.chart')].every((c) => Number(c.dataset.bands) > 0)
    && Number(document.querySelector('.chart[data-chart="burnout"]').dataset.bandSpread) > 0
    && /across 10 paired runs/.test(document.querySelector('.chart[data-chart="burnout"] .diff').textContent), null, { timeout: 30000 });
  const range = await page.textContent('.chart[data-chart="burnout"] .diff');
  check(/^B − A at week \d+: [+−][\d.]+ to [+−][\d.]+ across 10 paired runs \(mean [+−][\d.]+\)$/.test(range), `B − A as a range over 10 paired runs (${range})`);
  await page.check('input[name=view][value=diff]', { force: true });
  await page.waitForFunction(() => Number(document.querySelector('.chart[data-chart="burnout"]').dataset.bands) === 1, null, { timeout: 5000 });
  const legend = await page.textContent('.chart[data-chart="burnout"] .u-legend');
  check(!/week\s*:?\s*[-—]/.test(legend), `the difference legend names a week (${legend})`);
  await page.locator('.chart[data-chart="burnout"]').scrollIntoViewIfNeeded();
  await shot('05-difference-10-runs');
  await page.check('input[name=view][value=both]', { force: true });
  await page.waitForSelector('#status:text("finished")', { timeout: 30000 });
  await page.evaluate(() => { window.scrollTo(0, 0); document.activeElement?.blur(); });
  await page.mouse.move(1, 1);
  await page.waitForSelector('#toast:not(.show)', { state: 'attached', timeout: 5000 });
  await page.waitForTimeout(400);
  await shot('06-side-by-side-10-runs');
  // The page scrolled to the charts: the network above them, the bands below.
  await page.evaluate(() => window.scrollTo(0, document.querySelector('.charts').offsetTop - 330));
  await page.waitForTimeout(300);
  await shot('07-side-by-side-10-runs-charts');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.evaluate(() => window.scrollTo(0, document.querySelector('.charts').offsetTop - 430));
  await page.waitForTimeout(600);
  await shot('08-side-by-side-1920');
  if (docsDir) {
    await mkdir(path.resolve(docsDir), { recursive: true });
    await copyFile(path.join(outDir, '07-side-by-side-10-runs-charts.png'), path.join(docsDir, 'workshop-1366.png'));
    await copyFile(path.join(outDir, '08-side-by-side-1920.png'), path.join(docsDir, 'workshop-1920.png'));
    await copyFile(path.join(outDir, '08-side-by-side-1920.png'), path.join(docsDir, 'workshop.png'));
    await copyFile(path.join(outDir, '02-join.png'), path.join(docsDir, 'workshop-join.png'));
    await copyFile(path.join(outDir, '03-about.png'), path.join(docsDir, 'workshop-about.png'));
  }
  if (docsShot) await copyFile(path.join(outDir, '08-side-by-side-1920.png'), docsShot);
  await page.setViewportSize({ width: 1366, height: 768 });
  log(`ten runs checked: ${range}`);

  // 9. Exports: CSV of every run of both arms, PNG of a chart.
  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('#btn-csv-all')]);
  const csvPath = path.join(outDir, csvDl.suggestedFilename());
  await csvDl.saveAs(csvPath);
  const csv = (await readFile(csvPath, 'utf8')).trim().split('\n');
  const header = csv[0].split(',');
  check(header[0] === 'arm' && header[1] === 'run' && header[2] === 'week' && header.includes('burnout_mean'), `CSV header (${csv[0]})`);
  const runsA = new Set(csv.filter((l) => l.startsWith('a,')).map((l) => l.split(',')[1]));
  const rowsB = csv.filter((l) => l.startsWith('b,'));
  check(runsA.size === 10 && rowsB.length >= 400, `CSV rows of 10 runs of both arms (a: runs ${[...runsA]}, b: ${rowsB.length} rows)`);
  check(csv.slice(1).every((l) => l.split(',').length === header.length && l.split(',').slice(1).every((x) => x === '' || Number.isFinite(Number(x)))), 'CSV rows are numeric');
  const [pngDl] = await Promise.all([page.waitForEvent('download'), page.click('.chart[data-chart="burnout"] button.png')]);
  const pngPath = path.join(outDir, pngDl.suggestedFilename());
  await pngDl.saveAs(pngPath);
  const png = await readFile(pngPath);
  check(png.length > 2000 && png.subarray(1, 4).toString() === 'PNG', `chart PNG (${png.length} bytes)`);
  const [netDl] = await Promise.all([page.waitForEvent('download'), page.click('#btn-net-png')]);
  await netDl.saveAs(path.join(outDir, netDl.suggestedFilename()));
  log(`exports: ${path.basename(csvPath)} (${csv.length - 1} rows), ${path.basename(pngPath)} (${png.length} bytes)`);

  // 10. The facilitator: a bad link is refused; the real one lists the room's sessions and ends one.
  const fac = await context.newPage();
  watch(fac);
  allowErrors = true; // the browser logs the 401
  await fac.goto(`${base}/#facilitator=not-the-token`);
  await fac.waitForSelector('#fac-message:text("not valid for this server")', { timeout: 5000 });
  allowErrors = false;
  const other = await api('/api/sessions', json({ scenario: 'sure_start_centre' }));
  await fac.goto(`${base}/#facilitator=${token}`);
  await fac.reload();
  await fac.waitForSelector(`#fac-sessions tr[data-session="${other.id}"]`, { timeout: 8000 });
  check(await fac.$(`#fac-sessions tr[data-session="${sid}"]`), 'the facilitator sees the page\'s session');
  const totals = await fac.textContent('#fac-totals');
  check(/2 sessions/.test(totals) && /21 simulated runs/.test(totals), `the facilitator sees the totals (${totals})`);
  check(await fac.$('#fac-addresses svg.qr'), 'the facilitator view shows the QR code');
  await fac.screenshot({ path: path.join(outDir, '09-facilitator.png') });
  if (docsDir) await copyFile(path.join(outDir, '09-facilitator.png'), path.join(docsDir, 'workshop-facilitator.png'));
  await fac.click(`#fac-sessions tr[data-session="${other.id}"] button.end`);
  await fac.waitForSelector(`#fac-sessions tr[data-session="${other.id}"]`, { state: 'detached', timeout: 8000 });
  check((await fetch(`${base}/api/sessions/${other.id}`)).status === 404, 'End ends the session');
  // The room's scenario: a new visitor goes straight to it.
  await fac.selectOption('#room-scenario', 'sure_start_centre');
  await waitFor(async () => (await api('/api/room')).scenario === 'sure_start_centre', 'the room\'s scenario to be set');
  const visitor = await context.newPage();
  watch(visitor);
  await visitor.goto(`${base}/`);
  await visitor.waitForSelector('#main:not([hidden])', { timeout: 8000 });
  check((await visitor.textContent('#scenario-title')).includes('Sure Start'), 'a visitor opens the room\'s scenario');
  await visitor.close();
  await fac.selectOption('#room-scenario', '');
  await waitFor(async () => (await api('/api/room')).scenario === null, 'the room\'s scenario to be cleared');
  await fac.close();
  log('facilitator view checked');

  // 11. A session the server no longer has: plain words, the technical text behind Details.
  allowErrors = true;
  await api(`/api/sessions/${sid}`, { method: 'DELETE' });
  await page.click('#btn-reset');
  await page.waitForSelector('.alert', { timeout: 5000 });
  const plain = await page.textContent('.alert .plain');
  const details = await page.textContent('.alert details code');
  check(plain.trim().length > 10 && !/HTTP|404|\/api\//.test(plain), `the error is in plain words (${plain})`);
  check(/404/.test(details), `the technical text is behind Details (${details})`);
  check(/start again/i.test(await page.textContent('.alert')), 'the error offers to start again');
  await shot('10-error');
  allowErrors = false;

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
