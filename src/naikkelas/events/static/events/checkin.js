/* NaikKelas check-in (event staff, on a phone). No inline script (CSP).

   Every scan gets its own idempotency key and is put in a queue kept in localStorage
   before it is sent. It leaves the queue only when the server has answered, so a scan
   made while the hall's internet is down is sent later (on reconnect, or every few
   seconds), and a scan sent twice is counted once. The server decides; the phone shows
   the answer, and shows scans whose answer changed once late scans arrived. */
(function () {
  "use strict";
  var root = document.querySelector("[data-checkin]");
  if (!root) { return; }
  var eventId = root.dataset.event;
  var QUEUE = "nk-checkin-queue-" + eventId;
  var DEVICE = "nk-checkin-device";
  var resultBox = root.querySelector("[data-result]");
  var queueBox = root.querySelector("[data-queue]");
  var occupancyBox = root.querySelector("[data-occupancy]");
  var conflictList = root.querySelector("[data-conflicts]");
  var sending = false;
  var lastCode = "";
  var lastAt = 0;

  function text(name) { return root.dataset["text" + name] || ""; }

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function device() {
    var id = localStorage.getItem(DEVICE);
    if (!id) { id = "hp-" + uuid().slice(0, 8); localStorage.setItem(DEVICE, id); }
    return id;
  }

  function load() {
    try { return JSON.parse(localStorage.getItem(QUEUE) || "[]"); } catch (e) { return []; }
  }
  function save(queue) { localStorage.setItem(QUEUE, JSON.stringify(queue)); showQueue(queue); }
  function showQueue(queue) {
    queue = queue || load();
    queueBox.textContent = queue.length ? queue.length + " " + text("Queued") : "";
  }

  function direction() {
    var chosen = root.querySelector("[data-direction]:checked");
    return chosen ? chosen.value : "in";
  }

  function show(kind, title, detail) {
    resultBox.className = "scan-result scan-" + kind;
    resultBox.textContent = "";
    var strong = document.createElement("strong");
    strong.textContent = title;
    resultBox.appendChild(strong);
    if (detail) {
      var p = document.createElement("span");
      p.textContent = detail;
      resultBox.appendChild(p);
    }
  }

  function showAnswer(answer) {
    var good = answer.outcome === "entry" || answer.outcome === "exit";
    var detail = [answer.name, answer.code].filter(Boolean).join(" · ");
    show(good ? "ok" : "bad", answer.message, detail);
    if (answer.capacity !== undefined) {
      occupancyBox.textContent = answer.inside + (answer.capacity ? " / " + answer.capacity : "");
    }
  }

  function addConflict(line) {
    var empty = conflictList.querySelector("[data-conflicts-empty]");
    if (empty) { empty.remove(); }
    var li = document.createElement("li");
    li.textContent = line;
    conflictList.insertBefore(li, conflictList.firstChild);
  }

  function enqueue(code) {
    var scan = {
      key: uuid(), code: code, direction: direction(), device: device(),
      scanned_at: new Date().toISOString(), offline: false
    };
    var queue = load();
    queue.push(scan);
    save(queue);
    flush(scan.key);
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
      body: JSON.stringify(body)
    });
  }

  function flush(current) {
    if (sending) { return; }
    var queue = load();
    if (!queue.length) { return; }
    sending = true;
    var batch = queue.slice(0, 100);
    post(root.dataset.syncUrl, { scans: batch }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (answers) {
      var done = {};
      answers.forEach(function (answer, index) {
        var scan = batch[index];
        done[scan.key] = true;
        if (scan.key === current) { showAnswer(answer); }
        else if (scan.offline && answer.outcome !== (scan.direction === "in" ? "entry" : "exit")) {
          addConflict((answer.name || scan.code) + " — " + answer.message);
        }
        (answer.changed || []).forEach(function (changed) {
          addConflict((answer.name || scan.code) + " — " + text("Conflict") + " (" + changed.outcome + ")");
        });
        if (scan.offline && scan.key !== current) { show("ok", text("Synced"), ""); }
      });
      save(load().filter(function (scan) { return !done[scan.key]; }));
      sending = false;
      if (load().length) { flush(); }
    }).catch(function (error) {
      sending = false;
      var stored = load();
      var offline = !navigator.onLine || error instanceof TypeError;
      stored.forEach(function (scan) { if (offline) { scan.offline = true; } });
      save(stored);
      if (current) { show(offline ? "queued" : "bad", offline ? text("Offline") : text("Error"), ""); }
    });
  }

  function onCode(raw) {
    var code = (raw || "").trim();
    if (!code) { return; }
    var now = Date.now();
    if (code === lastCode && now - lastAt < 3000) { return; } // the camera sees it again
    lastCode = code;
    lastAt = now;
    enqueue(code);
  }

  root.querySelector("[data-code-form]").addEventListener("submit", function (event) {
    event.preventDefault();
    var input = event.target.querySelector("input[name=code]");
    onCode(input.value);
    input.value = "";
    input.focus();
  });

  // --- camera: BarcodeDetector where the browser has it, else jsQR on canvas frames ----
  var video = root.querySelector("[data-camera-video]");
  var canvas = root.querySelector("[data-camera-canvas]");
  var detector = null;

  function tick() {
    if (video.readyState < 2) { window.requestAnimationFrame(tick); return; }
    if (detector) {
      detector.detect(video).then(function (codes) {
        if (codes.length) { onCode(codes[0].rawValue); }
        window.setTimeout(tick, 150);
      }).catch(function () { window.setTimeout(tick, 300); });
      return;
    }
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    var context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    var image = context.getImageData(0, 0, canvas.width, canvas.height);
    var found = window.jsQR ? window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" }) : null;
    if (found && found.data) { onCode(found.data); }
    window.setTimeout(tick, 150);
  }

  root.querySelector("[data-camera-start]").addEventListener("click", function (event) {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      show("bad", text("NoCamera"), "");
      return;
    }
    if ("BarcodeDetector" in window) {
      try { detector = new window.BarcodeDetector({ formats: ["qr_code"] }); } catch (e) { detector = null; }
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        event.target.hidden = true;
        video.play();
        window.requestAnimationFrame(tick);
      })
      .catch(function () { show("bad", text("NoCamera"), ""); });
  });

  window.addEventListener("online", function () { flush(); });
  window.setInterval(function () { if (load().length) { flush(); } }, 5000);
  showQueue();
  flush();

  if ("serviceWorker" in navigator && root.dataset.swUrl) {
    navigator.serviceWorker.register(root.dataset.swUrl).catch(function () { /* the page works without it */ });
  }
}());
