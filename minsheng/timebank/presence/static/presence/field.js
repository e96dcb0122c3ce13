/* The volunteers' phone app. Without this script the page still works: the "without the code"
   buttons sign (flagged for the station). With it:
   - the service worker keeps the page and these files for offline use;
   - the phone makes a key pair once (Web Crypto, the private half cannot leave the phone) and
     registers the public half;
   - "Scan the door code" reads the QR code with the camera (jsQR) and signs at once, or, when the
     phone is offline, keeps the sign with its real time, signed by the phone's key, and sends it
     when the phone is back online (the server accepts each queued sign once). */
(function () {
  "use strict";
  var app = document.getElementById("field-app");
  if (!app) return;
  var texts = document.getElementById("field-texts");
  var statusLine = document.getElementById("field-status");
  var queueLine = document.getElementById("field-queue");
  var DB_NAME = "minsheng-field";

  function say(text) {
    statusLine.textContent = text;
  }
  function text(name) {
    return texts.getAttribute("data-" + name) || "";
  }
  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) return field.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(app.getAttribute("data-worker"), { scope: app.getAttribute("data-scope") });
  }

  /* --- A small IndexedDB store: the phone's key and the queue of signs ----------------------- */
  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore("keys");
        request.result.createObjectStore("queue", { keyPath: "client_id" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function store(name, mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(name, mode);
        var result = work(tx.objectStore(name));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    });
  }

  function toBase64(buffer) {
    var bytes = new Uint8Array(buffer);
    var raw = "";
    for (var i = 0; i < bytes.length; i++) raw += String.fromCharCode(bytes[i]);
    return btoa(raw);
  }

  /* --- The phone's key ------------------------------------------------------------------------ */
  function deviceKey() {
    return store("keys", "readonly", function (s) { return s.get("device"); }).then(function (found) {
      if (found && found.key_id) return found;
      if (!navigator.onLine) return found || null;
      var algorithm = { name: "ECDSA", namedCurve: "P-256" };
      return crypto.subtle.generateKey(algorithm, false, ["sign", "verify"]).then(function (pair) {
        return crypto.subtle.exportKey("spki", pair.publicKey).then(function (spki) {
          return post(app.getAttribute("data-devices"), { public_key: toBase64(spki), label: navigator.userAgent.slice(0, 200) });
        }).then(function (answer) {
          if (!answer.ok) throw new Error(answer.data.error);
          var record = { key_id: answer.data.key_id, privateKey: pair.privateKey };
          return store("keys", "readwrite", function (s) { s.put(record, "device"); }).then(function () { return record; });
        });
      });
    });
  }

  function signed(payloadText) {
    return deviceKey().then(function (key) {
      if (!key) throw new Error("no key");
      var data = new TextEncoder().encode(payloadText);
      return crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key.privateKey, data).then(function (signature) {
        return { payload: payloadText, key_id: key.key_id, signature: toBase64(signature) };
      });
    });
  }

  /* --- The queue of signs made offline -------------------------------------------------------- */
  function showQueue() {
    return store("queue", "readonly", function (s) { return s.count(); }).then(function (count) {
      queueLine.hidden = !count;
      queueLine.textContent = text("waiting") + " " + count;
      return count;
    });
  }

  var flushing = false;
  function flush() {
    if (flushing || !navigator.onLine) return Promise.resolve();
    flushing = true;
    return store("queue", "readonly", function (s) { return s.getAll(); }).then(function (items) {
      items.sort(function (a, b) { return a.made - b.made; });
      var sent = 0;
      var chain = Promise.resolve();
      items.forEach(function (item) {
        chain = chain.then(function () {
          return post(app.getAttribute("data-signs"), item.body).then(function (answer) {
            // Accepted, or refused for good (the message says why): either way it leaves the queue.
            if (!answer.ok) say(answer.data.error);
            else sent++;
            return store("queue", "readwrite", function (s) { s.delete(item.client_id); });
          });
        });
      });
      return chain.then(function () {
        if (sent) say(text("sent"));
      });
    }).catch(function () {
      say(text("failed"));
    }).then(function () {
      flushing = false;
      return showQueue();
    });
  }

  /* --- Signing -------------------------------------------------------------------------------- */
  function position() {
    return new Promise(function (resolve) {
      if (!("geolocation" in navigator)) return resolve(null);
      navigator.geolocation.getCurrentPosition(
        function (p) { resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: p.coords.accuracy }); },
        function () { resolve(null); },
        { enableHighAccuracy: true, timeout: 5000, maximumAge: 60000 }
      );
    });
  }

  function newId() {
    return crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
  }

  function payloadOf(card, kind, token, place, made, offline) {
    var payload = { client_id: card.id + "-" + kind + "-" + made.id, order: Number(card.getAttribute("data-order")), kind: kind, token: token, at: made.at, offline: offline };
    if (place) {
      payload.latitude = place.latitude;
      payload.longitude = place.longitude;
      payload.accuracy = place.accuracy;
    }
    return JSON.stringify(payload);
  }

  function moved(card, kind) {
    card.setAttribute("data-state", kind === "sign_in" ? "signed_in" : "signed_out");
    card.querySelector(".visit-state-text").textContent = text(kind === "sign_in" ? "signed-in" : "signed-out");
    card.querySelectorAll(".scan").forEach(function (button) {
      button.disabled = !(kind === "sign_in" && button.getAttribute("data-kind") === "sign_out");
    });
    // The "without the code" form was drawn for the state the page was loaded in.
    card.querySelectorAll(".without-code").forEach(function (form) { form.hidden = true; });
  }

  function queue(card, kind, token, place, made) {
    return signed(payloadOf(card, kind, token, place, made, true)).then(function (body) {
      var item = { client_id: JSON.parse(body.payload).client_id, made: Date.now(), body: body };
      return store("queue", "readwrite", function (s) { s.put(item); });
    }).then(function () {
      moved(card, kind);
      say(text("queued"));
      return showQueue();
    });
  }

  function sign(card, kind, token) {
    // The moment is the phone's, taken when the code was read, not when the sign is sent.
    var made = { id: newId(), at: new Date().toISOString() };
    return position().then(function (place) {
      if (!navigator.onLine) return queue(card, kind, token, place, made);
      return post(app.getAttribute("data-signs"), { payload: payloadOf(card, kind, token, place, made, false) })
        .then(function (answer) {
          say(answer.ok ? answer.data.message : answer.data.error);
          if (answer.ok) moved(card, kind);
        })
        .catch(function () {
          return queue(card, kind, token, place, made);
        });
    });
  }

  /* --- The camera and the QR decoder ---------------------------------------------------------- */
  var dialog = document.getElementById("scanner");
  var video = document.getElementById("scanner-video");
  var canvas = document.getElementById("scanner-canvas");
  var scanStatus = document.getElementById("scanner-status");
  var stream = null;

  function stopCamera() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    if (dialog.open) dialog.close();
  }
  document.getElementById("scanner-cancel").addEventListener("click", stopCamera);

  function scan(card, kind) {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.jsQR) {
      say(text("no-camera"));
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (opened) {
      stream = opened;
      video.srcObject = stream;
      dialog.showModal();
      scanStatus.textContent = text("looking");
      return video.play();
    }).then(function () {
      var context = canvas.getContext("2d", { willReadFrequently: true });
      function look() {
        if (!stream) return;
        if (video.videoWidth) {
          canvas.width = video.videoWidth;
          canvas.height = video.videoHeight;
          context.drawImage(video, 0, 0, canvas.width, canvas.height);
          var image = context.getImageData(0, 0, canvas.width, canvas.height);
          var found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
          if (found && found.data) {
            stopCamera();
            sign(card, kind, found.data);
            return;
          }
        }
        window.setTimeout(look, 150);
      }
      look();
    }).catch(function () {
      stopCamera();
      say(text("no-camera"));
    });
  }

  document.querySelectorAll(".visit").forEach(function (card) {
    card.querySelectorAll(".scan").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { scan(card, button.getAttribute("data-kind")); });
    });
  });

  window.addEventListener("online", flush);
  if (navigator.onLine) deviceKey().catch(function () {});
  flush();
})();
