// Beacon's offline reading for one language of the site: after a first visit, every page of
// the language, its styles, fonts and pictures are kept, and so is each leaflet the reader
// opens, so that they still open without a connection (in a power cut, or where the signal is
// weak). The build writes the list below with a hash of each file: a file whose hash changed is
// fetched again when the site changes, and nothing else is.
//
// Pages come from the network first, so that nobody reads old advice while they are online; a
// saved copy is shown when there is no connection, or when the network has not answered in a
// few seconds. Nothing here is needed to read a page: with JavaScript off the site works as it
// always does.
"use strict";

const FILES = "__BEACON_OFFLINE_FILES__";
const ROOT = new URL("../", self.location.href);
const CACHE = "beacon-offline-" + FILES.lang;
const WAIT_FOR_NETWORK_MS = 4000;
const FETCHES_AT_ONCE = 4;

// The cache key of a file in one version: its address with the hash in the query, so that an
// old and a new version can be told apart.
function versioned(path, hash) {
  const url = new URL(path, ROOT);
  url.searchParams.append("beacon-offline", hash);
  return url.href;
}

function unversioned(key) {
  const url = new URL(key);
  url.searchParams.delete("beacon-offline");
  return url.href;
}

// The path of a request relative to the site's root, as the list names it; undefined for
// addresses outside the site.
function pathOf(request) {
  const url = new URL(request.url);
  url.hash = "";
  if (!url.href.startsWith(ROOT.href)) return undefined;
  const path = url.href.slice(ROOT.href.length);
  return path.endsWith("/index.html") ? path.slice(0, -"index.html".length) : path;
}

async function fetchInto(cache, path, hash) {
  const response = await fetch(new URL(path, ROOT), { cache: "no-cache" });
  if (!response.ok) throw new Error(path + ": HTTP " + response.status);
  await cache.put(versioned(path, hash), response);
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const held = new Set((await cache.keys()).map((request) => request.url));
      const kept = new Set([...held].map(unversioned));
      const wanted = Object.entries(FILES.files).filter(([path, hash]) => !held.has(versioned(path, hash)));
      // A leaflet is fetched again only when the reader kept an older version of it.
      for (const [path, hash] of Object.entries(FILES.leaflets)) {
        if (kept.has(new URL(path, ROOT).href) && !held.has(versioned(path, hash))) wanted.push([path, hash]);
      }
      // A few at a time, so that a weak connection still serves the page being read. A failed
      // fetch fails the install; the next visit tries again and keeps what was saved.
      const queue = wanted.slice();
      const worker = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await fetchInto(cache, ...next);
      };
      await Promise.all(Array.from({ length: FETCHES_AT_ONCE }, worker));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const current = new Set(
        [...Object.entries(FILES.files), ...Object.entries(FILES.leaflets)].map(([path, hash]) => versioned(path, hash)),
      );
      for (const request of await cache.keys()) {
        if (!current.has(request.url)) await cache.delete(request);
      }
      await self.clients.claim();
    })(),
  );
});

// From the network, keeping a leaflet that came; the saved copy when the network fails, or is
// slower than WAIT_FOR_NETWORK_MS and there is one.
async function networkFirst(request, key, keep) {
  const cache = await caches.open(CACHE);
  const network = fetch(request).then(async (response) => {
    if (keep && response.ok) await cache.put(key, response.clone());
    return response;
  });
  let timer;
  const slow = new Promise((resolve) => {
    timer = setTimeout(resolve, WAIT_FOR_NETWORK_MS);
  });
  try {
    const first = await Promise.race([network, slow]);
    if (first && first.ok) return first;
    return (await cache.match(key)) || first || (await network);
  } catch (error) {
    const saved = await cache.match(key);
    if (saved) return saved;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

// Styles, fonts and pictures have the version the list names: the saved copy when there is one.
async function savedFirst(request, key, keep) {
  const cache = await caches.open(CACHE);
  const saved = await cache.match(key);
  if (saved) return saved;
  const response = await fetch(request);
  if (keep && response.ok) await cache.put(key, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const path = pathOf(request);
  if (path === undefined) return;
  const leaflet = FILES.leaflets[path];
  const hash = leaflet || FILES.files[path];
  if (!hash) return;
  const key = versioned(path, hash);
  const isPage = request.mode === "navigate" || path.endsWith("/") || path.endsWith(".html");
  event.respondWith(isPage || leaflet ? networkFirst(request, key, !!leaflet) : savedFirst(request, key, false));
});
