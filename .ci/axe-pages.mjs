// axe-pages.mjs BASE_URL PAGES_FILE -- run axe-core on every page of a served site, in one Chromium tab.
//
//   BASE_URL    e.g. http://127.0.0.1:8123/  (audit-site.sh serves the site there)
//   PAGES_FILE  NUL-separated page paths relative to the site root
//   env AXE_NODE_MODULES  node_modules folder holding playwright-core and axe-core (the tool cache);
//                         this file lives in the repo, so bare imports would not find them
//   env AXE_TAGS (comma-separated), CHROMIUM (browser binary)
//
// Prints one line per violating element:  axe: RULE (IMPACT) PAGE TARGET — HELP
// Exit: 0 no violations · 1 violations or a page failed to load · 2 the driver itself failed.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const [baseUrl, pagesFile] = process.argv.slice(2);
if (!baseUrl || !pagesFile || !process.env.AXE_NODE_MODULES) {
  console.error('usage: AXE_NODE_MODULES=DIR node axe-pages.mjs BASE_URL PAGES_FILE');
  process.exit(2);
}
// ES module imports resolve relative to this file; a require() anchored inside the cache resolves there
const require = createRequire(path.join(process.env.AXE_NODE_MODULES, 'noop.js'));
const { chromium } = require('playwright-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const axeVersion = require('axe-core/package.json').version;
const tags = (process.env.AXE_TAGS || 'wcag2a,wcag2aa,wcag21a,wcag21aa,wcag22aa').split(',');
const pages = fs.readFileSync(pagesFile, 'utf8').split('\0').filter(Boolean);
const PAGE_MS = 60_000;
// A redirect page (the short addresses Beacon writes) sends the browser on as soon as it loads,
// which would pull the page away from under axe. An immediate refresh sets no time limit
// (WCAG 2.2.1 allows it), so such a page is audited as served, without its refresh element.
const IMMEDIATE_REFRESH = /<meta http-equiv="refresh" content="0; url=[^"]*">/i;

// axe.run has no timeout of its own: bound it so one stuck page fails instead of hanging the job
function bounded(promise, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out`)), PAGE_MS);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    timeout: 60_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const chromiumVersion = browser.version();
  let failedPages = 0;
  let violations = 0;
  try {
    // One context and one tab for all pages: a fresh tab per page is several times slower on 2 cores.
    // No service worker: each page is audited as the server sends it, and the offline copy of a
    // whole language is not fetched behind the audit's back (offline-check.mjs tests that).
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
    const tab = await context.newPage();
    for (const [i, rel] of pages.entries()) {
      const url = new URL(rel.split('/').map(encodeURIComponent).join('/'), baseUrl).href;
      let held = false;
      try {
        const served = await fetch(url);
        const html = served.ok && /html/.test(served.headers.get('content-type') || '') ? await served.text() : '';
        if (IMMEDIATE_REFRESH.test(html)) {
          held = true;
          await tab.route(url, (route) => route.fulfill({
            status: 200, contentType: 'text/html; charset=utf-8', body: html.replace(IMMEDIATE_REFRESH, ''),
          }));
        }
        const resp = await tab.goto(url, { waitUntil: 'load', timeout: PAGE_MS });
        if (!resp || resp.status() !== 200) throw new Error(`HTTP ${resp ? resp.status() : 'no response'}`);
        await tab.evaluate(axeSource);   // each navigation starts a fresh window, so inject axe every time
        const result = await bounded(tab.evaluate(
          (t) => window.axe.run(document, { runOnly: { type: 'tag', values: t }, resultTypes: ['violations'] }),
          tags), 'axe.run');
        for (const v of result.violations) {
          for (const node of v.nodes) {
            violations++;
            console.log(`axe: ${v.id} (${v.impact}) ${rel} ${node.target.join(' ')} — ${v.help}`);
          }
        }
        if (result.violations.length) failedPages++;
        if (held) await tab.unroute(url);
      } catch (e) {
        if (tab.isClosed() || !browser.isConnected()) {
          // Chromium crashed or was killed (e.g. CI timeout): stop, rather than fail every page
          failedPages += pages.length - i;
          console.log(`axe: ERROR browser closed at ${rel}; ${pages.length - i} pages not checked`);
          break;
        }
        failedPages++;
        console.log(`axe: ERROR ${rel}: ${String(e.message || e).split('\n')[0]}`);
      }
    }
  } finally {
    await browser.close();   // always: a leftover Chromium would outlive the job
  }
  console.error(`axe: ${pages.length} pages, ${violations} violating elements, ${failedPages} pages failed` +
                ` (axe-core ${axeVersion}, Chromium ${chromiumVersion}, tags ${tags.join(',')})`);
  return failedPages ? 1 : 0;
}

main().then((code) => process.exit(code),
            (e) => { console.error('axe: driver failed:', e); process.exit(2); });
