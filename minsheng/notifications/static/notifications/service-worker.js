/* Minsheng's service worker: shows the notifications that Web Push delivers, and opens the
   page a notification links to when it is clicked. */
self.addEventListener("push", function (event) {
  var data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = { title: event.data ? event.data.text() : "" };
  }
  event.waitUntil(
    self.registration.showNotification(data.title || "民生 Minsheng", {
      body: data.body || "",
      tag: data.tag || undefined,
      data: { url: data.url || "/notifications/" },
      lang: "zh-CN",
    })
  );
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/notifications/";
  event.waitUntil(self.clients.openWindow(url));
});
