// offline-check.mjs SITE_DIR -- offline reading in headless Chromium: visit a page of the built
// site, open one of its leaflets, lose the connection (the web server stops and the browser is
// set offline), then reload the page, open another page of the same language that was never
// visited, and open the leaflet again. Each must come whole from the service worker's copy.
//
//   env AXE_NODE_MODULES  node_modules folder holding playwright-core (the audit's tool cache)
//   env CHROMIUM          browser binary
//
// Serves SITE_DIR itself (node's http module), so that "offline" can mean the server is gone.
// Exit: 0 passed · 1 a check failed · 2 the driver itself failed.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const [siteDir] = process.argv.slice(2);
if (!siteDir || !process.env.AXE_NODE_MODULES) {
  console.error('usage: AXE_NODE_MODULES=DIR node offline-check.mjs SITE_DIR');
  process.exit(2);
}
const require = createRequire(path.join(process.env.AXE_NODE_MODULES, 'noop.js'));
const { chromium } = require('playwright-core');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.woff2': 'font/woff2', '.pdf': 'application/pdf', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
};

// A static server for the built site: folders answer with their index.html.
function serve(root) {
  const server = http.createServer((request, response) => {
    let file = path.join(root, decodeURIComponent(new URL(request.url, 'http://x').pathname));
    if (!file.startsWith(root)) { response.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (error, bytes) => {
      if (error) { response.writeHead(404).end(); return; }
      response.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
      response.end(bytes);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// Time for the worker to fetch every page of the language over the loopback.
const INSTALL_MS = 60_000;
let failures = 0;
function check(ok, what) {
  console.log(`offline: ${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures += 1;
}

// The first leaflet linked from `page` and the first link to another page of the language.
async function links(tab) {
  return tab.evaluate(() => {
    const hrefs = [...document.querySelectorAll('main a[href]')].map((a) => a.href);
    return {
      leaflet: hrefs.find((href) => href.endsWith('.pdf')),
      other: [...document.querySelectorAll('nav.site-nav a[href]')].map((a) => a.href).find((h) => h !== location.href),
    };
  });
}

// Fetches a file from inside the page (through its service worker): status, length, first bytes.
async function fetched(tab, url) {
  return tab.evaluate(async (url) => {
    try {
      const response = await fetch(url);
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, length: bytes.length, start: String.fromCharCode(...bytes.slice(0, 5)) };
    } catch (error) {
      return { status: 0, length: 0, start: String(error) };
    }
  }, url);
}

async function main() {
  const root = path.resolve(siteDir);
  const start = fs.readdirSync(path.join(root, 'en/modules')).find((name) => fs.existsSync(path.join(root, 'en/modules', name, 'index.html')));
  const server = await serve(root);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const pageUrl = new URL(`en/modules/${start}/`, base).href;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    timeout: 60_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(pageUrl);
    // Installed (every page of the language fetched) and in charge of this page.
    const inCharge = await tab.evaluate(async (limit) => {
      const until = Date.now() + limit;
      while (!navigator.serviceWorker.controller && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return Boolean(navigator.serviceWorker.controller);
    }, INSTALL_MS);
    check(inCharge, `a service worker takes charge of ${pageUrl} within ${INSTALL_MS / 1000} s`);
    if (!inCharge) return;
    const title = await tab.title();
    const { leaflet, other } = await links(tab);
    check(Boolean(leaflet), `${pageUrl} links to a leaflet (${leaflet})`);
    check(Boolean(other), `${pageUrl} links to another page (${other})`);
    const leafletOnline = await fetched(tab, leaflet);
    check(leafletOnline.status === 200 && leafletOnline.start === '%PDF-', `the leaflet opens online (${leafletOnline.status})`);

    const closed = new Promise((resolve) => server.close(resolve));
    server.closeAllConnections();
    await closed;
    await context.setOffline(true);
    const direct = await fetch(pageUrl).then(() => 'reachable', () => 'unreachable');
    check(direct === 'unreachable', `the site is out of reach (${direct})`);

    const reloaded = await tab.reload();
    check(reloaded?.status() === 200, `the page reloads offline (${reloaded?.status()})`);
    check((await tab.title()) === title, `the reloaded page is the page ("${await tab.title()}")`);
    const styled = await tab.evaluate(() => getComputedStyle(document.querySelector('.skip-link')).position);
    check(styled === 'absolute', `its stylesheet came too (skip link position: ${styled})`);
    const text = await tab.locator('main').innerText();
    check(text.length > 200, `its text is there (${text.length} characters)`);
    const footer = await tab.locator('footer').innerText();
    check(footer.includes('999'), 'its footer with the emergency number is there');

    const leafletOffline = await fetched(tab, leaflet);
    check(
      leafletOffline.status === 200 && leafletOffline.start === '%PDF-' && leafletOffline.length === leafletOnline.length,
      `the leaflet opens offline (${leafletOffline.status}, ${leafletOffline.length} of ${leafletOnline.length} bytes)`,
    );

    const visited = await tab.goto(other);
    check(visited?.status() === 200, `a page never visited opens offline: ${other} (${visited?.status()})`);
  } finally {
    await browser.close();
  }
}

main().then(
  () => process.exit(failures ? 1 : 0),
  (error) => { console.error(`offline: the check itself failed: ${error.stack || error}`); process.exit(2); },
);
