/* The volunteers' app: keeps today's visits and the app's files for offline use. Pages are asked
   from the network first and kept; without a network the last copy is shown. Signs are never
   sent from here: the page queues them (with the phone's signature) and sends them itself. */
var CACHE = "minsheng-field-v1";
var START = "{{ start|escapejs }}";
var ASSETS = [{% for asset in assets %}"{{ asset|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll(ASSETS);
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n !== CACHE; }).map(function (n) { return caches.delete(n); }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  var isPage = request.mode === "navigate" && url.pathname === START;
  var isAsset = ASSETS.indexOf(url.pathname) !== -1;
  if (!isPage && !isAsset) return;
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(isPage ? START : request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(isPage ? START : request).then(function (found) {
        return found || Response.error();
      });
    })
  );
});
