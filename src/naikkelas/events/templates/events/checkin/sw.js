/* NaikKelas check-in: keeps the check-in page and its files on the phone, so the page
   opens and scans when the hall's internet drops. Scans themselves wait in the page's
   storage (checkin.js) and are sent when the network is back. */
{% load static %}"use strict";
var CACHE = "nk-checkin-v1";
var FILES = [
  "{{ page }}",
  "{% static 'naikkelas/css/app.css' %}",
  "{% static 'events/floor.css' %}",
  "{% static 'events/checkin.js' %}",
  "{% static 'events/vendor/jsQR.js' %}",
  "{% static 'django_htmx/htmx-2.min.js' %}",
  "{% static 'naikkelas/js/app.js' %}",
  "{% static 'naikkelas/img/logo.svg' %}"
];
self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(FILES); }));
  self.skipWaiting();
});
self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});
self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf("/api/") === 0) { return; }
  // the page: the network first (fresh counts), the kept copy when offline
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok && (request.mode === "navigate" || FILES.indexOf(url.pathname) >= 0)) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request, { ignoreSearch: true });
    })
  );
});
