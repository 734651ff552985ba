// Service worker of the field reporter's page: keeps the page and its scripts so the page opens
// without a connection; reports themselves wait in IndexedDB (field.js), never in this cache.
"use strict";
var CACHE = "sispam-field-v1";
var ASSETS = [
  "/static/posko.css",
  "/static/posko.js",
  "/static/vendor/htmx/htmx.min.js",
  "/static/vendor/leaflet/leaflet.css",
  "/static/vendor/idb-keyval/idb-keyval.umd.js",
  "/static/day/field.js",
  "/static/favicon.svg"
];

self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(ASSETS); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function isFieldPage(url) { return /^\/ops\/[^/]+\/field\/$/.test(url.pathname); }

self.addEventListener("fetch", function (e) {
  var req = e.request;
  if (req.method !== "GET") return;  // reports go to the network (the page queues them itself)
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (isFieldPage(url)) {  // network first (fresh CSRF token and villages), the copy when offline
    e.respondWith(fetch(req).then(function (resp) {
      if (resp.ok) { var copy = resp.clone(); caches.open(CACHE).then(function (c) { c.put(url.pathname, copy); }); }
      return resp;
    }).catch(function () { return caches.match(url.pathname); }));
    return;
  }
  if (ASSETS.indexOf(url.pathname) >= 0) {  // cache first, refreshed in the background
    e.respondWith(caches.match(url.pathname).then(function (hit) {
      var net = fetch(req).then(function (resp) {
        if (resp.ok) { var copy = resp.clone(); caches.open(CACHE).then(function (c) { c.put(url.pathname, copy); }); }
        return resp;
      }).catch(function () { return hit; });
      return hit || net;
    }));
  }
});
