/* The "show notifications in this browser" button: registers the service worker, subscribes
   with the server's VAPID key and hands the subscription to the API. The rest of the page works
   without this script. */
(function () {
  "use strict";
  var controls = document.getElementById("push-controls");
  var button = document.getElementById("push-subscribe");
  var status = document.getElementById("push-status");
  var texts = document.getElementById("push-messages");
  if (!controls || !button) return;

  function say(name) {
    status.textContent = texts.getAttribute("data-" + name);
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window)) {
    say("unsupported");
    return;
  }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function send(subscription) {
    var json = subscription.toJSON();
    return fetch(controls.getAttribute("data-api"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ endpoint: json.endpoint, p256dh: json.keys.p256dh, auth: json.keys.auth, user_agent: navigator.userAgent.slice(0, 200) }),
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
    });
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    Notification.requestPermission()
      .then(function (permission) {
        if (permission !== "granted") {
          say("denied");
          throw null;
        }
        return navigator.serviceWorker.register(controls.getAttribute("data-worker"), { scope: "/" });
      })
      .then(function () {
        return navigator.serviceWorker.ready;
      })
      .then(function (registration) {
        return registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(controls.getAttribute("data-key")),
        });
      })
      .then(send)
      .then(function () {
        say("subscribed");
      })
      .catch(function (error) {
        if (error !== null) say("failed");
      })
      .then(function () {
        button.disabled = false;
      });
  });
})();
