/* Door check-in: submit without reloading (typed code, or a USB scanner's code + Enter), show
   the answer in large type, keep the counts live, and scan QR codes with the camera where the
   browser has the BarcodeDetector API. Without JavaScript the form still posts and the page
   answers the same way. Served as a file (CSP: no inline script).

   Through a network drop the page keeps working: it keeps a copy of the list on the device
   (localStorage), decides scans with it while offline, flags a code already admitted on this
   device, queues the scans with a nonce each, and sends them when the network returns; the
   server records them once and reports a code another device had admitted too. A code replaced
   after the registrant's address was corrected is in the copy too, and refused offline. */
(function () {
  "use strict";

  var form = document.getElementById("checkin-form");
  if (!form) { return; }
  var input = document.getElementById("checkin-code");
  var result = document.getElementById("checkin-result");
  var counts = document.getElementById("checkin-counts");
  var busy = false;
  var STATES = ["ok", "already_checked_in", "waitlisted", "cancelled", "unknown_code",
                "too_many_unknown_codes", "not_on_list", "replaced_code"];

  function showCounts(data) {
    if (!data || !counts) { return; }
    ["checked_in", "confirmed"].forEach(function (key) {
      var node = counts.querySelector('[data-count="' + key + '"]');
      if (node && typeof data[key] === "number") { node.textContent = String(data[key]); }
    });
  }

  function showResult(data) {
    if (!data) { return; }
    STATES.forEach(function (state) { result.classList.remove("result--" + state); });
    if (STATES.indexOf(data.code) !== -1) { result.classList.add("result--" + data.code); }
    ["message", "name", "organization", "category", "status"].forEach(function (field) {
      var node = result.querySelector('[data-field="' + field + '"]');
      if (node) { node.textContent = data[field] || ""; }
    });
    /* An unknown code names nobody: the message alone, no empty labels. */
    var who = document.getElementById("checkin-who");
    if (who) { who.hidden = !data.name; }
    var undo = document.getElementById("checkin-undo");
    if (undo) {
      undo.hidden = !data.undoable;
      var id = undo.querySelector('[data-field="registration"]');
      if (id) { id.value = data.registration ? String(data.registration) : ""; }
    }
    result.hidden = false;
    /* A phone at a noisy door: one short buzz admits, three say look at the screen. */
    if (navigator.vibrate) { navigator.vibrate(data.ok ? 80 : [80, 60, 80, 60, 80]); }
  }

  function submitCode() {
    var code = input.value.trim();
    if (!code || busy) { return; }
    if (!navigator.onLine) {
      door.scanOffline(code);
      input.value = "";
      input.focus();
      return;
    }
    busy = true;
    var body = new FormData(form);
    fetch(form.getAttribute("action") || window.location.pathname, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: {
        "Accept": "application/json",
        "X-CSRFToken": body.get("csrfmiddlewaretoken") || ""
      }
    }).then(function (response) {
      /* 429: too many unknown codes; the answer says so like any other scan. */
      if (!response.ok && response.status !== 429) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (data) {
      showResult(data.result);
      showCounts(data.counts);
      if (data.result && (data.result.ok || data.result.code === "already_checked_in")) {
        door.remember(code);
      }
    }).catch(function (error) {
      if (error instanceof TypeError || !navigator.onLine) {
        door.scanOffline(code);  /* the network is down: decide with the copy on this device */
      } else {
        form.submit();  /* fall back to the plain form post: the server answers the same way */
      }
    }).finally(function () {
      busy = false;
      input.value = "";
      input.focus();
    });
  }

  /* --- The offline door ------------------------------------------------------------------- */
  var door = (function () {
    var box = document.getElementById("door-offline");
    var none = { remember: function () {}, scanOffline: function () { form.submit(); } };
    if (!box || !window.localStorage || !window.JSON) { return none; }
    var listId = box.getAttribute("data-list-id");
    var listUrl = box.getAttribute("data-list-url");
    var syncUrl = box.getAttribute("data-sync-url");
    var key = "door:" + listId + ":";
    var token = (form.querySelector("[name=csrfmiddlewaretoken]") || {}).value || "";
    var syncing = false;

    function text(name, values) {
      var value = box.getAttribute("data-" + name) || "";
      Object.keys(values || {}).forEach(function (k) { value = value.split("{" + k + "}").join(values[k]); });
      return value;
    }
    function load(name, fallback) {
      try { return JSON.parse(window.localStorage.getItem(key + name)) || fallback; }
      catch (error) { return fallback; }
    }
    function save(name, value) {
      try { window.localStorage.setItem(key + name, JSON.stringify(value)); }
      catch (error) { /* storage full: the scan still shows; it is sent while online */ }
    }
    function part(name) { return box.querySelector('[data-offline="' + name + '"]'); }
    function normalize(raw) { return String(raw || "").toUpperCase().replace(/[^0-9A-Z]/g, ""); }
    function hhmm(date) {
      return ("0" + date.getHours()).slice(-2) + ":" + ("0" + date.getMinutes()).slice(-2);
    }
    function deviceId() {
      var id = window.localStorage.getItem("door:device");
      if (!id) {
        id = "d-" + Math.random().toString(36).slice(2, 10);
        window.localStorage.setItem("door:device", id);
      }
      return id;
    }
    function nonce() {
      if (window.crypto && window.crypto.getRandomValues) {
        var bytes = new Uint8Array(16);
        window.crypto.getRandomValues(bytes);
        return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
      }
      return String(Date.now()) + Math.random().toString(36).slice(2);
    }

    function showStatus() {
      var copy = load("list", null);
      part("state").textContent = navigator.onLine ? "" : text("text-offline");
      part("copy").textContent = copy ? text("text-copy", {
        count: String(copy.people.length), time: hhmm(new Date(copy.at))
      }) : "";
      var queue = load("queue", []);
      part("waiting").textContent = queue.length ? text("text-waiting", { count: String(queue.length) }) : "";
    }

    function refreshCopy() {
      if (!navigator.onLine) { return; }
      fetch(listUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          save("list", data);
          showStatus();
        })
        .catch(function () { /* keep the copy we have */ });
    }

    function remember(code) {
      var seen = load("seen", {});
      var normalized = normalize(code);
      if (!seen[normalized]) { seen[normalized] = new Date().toISOString(); save("seen", seen); }
    }

    function scanOffline(raw) {
      var code = normalize(raw);
      var copy = load("list", null);
      if (!copy) { form.submit(); return; }
      var person = null;
      copy.people.forEach(function (p) { if (p.code === code) { person = p; } });
      var replaced = null;
      (copy.replaced || []).forEach(function (r) { if (r.code === code) { replaced = r; } });
      var result = { ok: false, code: "unknown_code", message: text("message-unknown") };
      if (!person && replaced) {
        /* A code replaced after the registrant's address was corrected: it admits nobody. */
        result.code = "replaced_code";
        result.message = text("message-replaced");
        result.name = replaced.name;
        result.organization = replaced.organization;
      } else if (person) {
        result.name = person.name;
        result.organization = person.organization;
        result.category = copy.categories[person.category] || person.category;
        result.status = copy.statuses[person.status] || person.status;
        var seen = load("seen", {});
        var categories = copy.list.categories || [];
        if (person.status === "cancelled") {
          result.code = "cancelled"; result.message = text("message-cancelled");
        } else if (person.status === "waitlisted") {
          result.code = "waitlisted"; result.message = text("message-waitlisted");
        } else if (categories.length && categories.indexOf(person.category) === -1) {
          result.code = "not_on_list"; result.message = text("message-not-on-list");
        } else if (seen[code] || person.admitted) {
          result.code = "already_checked_in";
          result.message = text("text-seen", { time: seen[code] ? hhmm(new Date(seen[code])) : "—" });
        } else {
          var at = new Date().toISOString();
          seen[code] = at;
          save("seen", seen);
          var queue = load("queue", []);
          queue.push({ code: code, at: at, nonce: nonce() });
          save("queue", queue);
          result.ok = true;
          result.code = "ok";
          result.message = text("text-offline-ok");
          var node = counts && counts.querySelector('[data-count="checked_in"]');
          if (node) { node.textContent = String((parseInt(node.textContent, 10) || 0) + 1); }
        }
      }
      showResult(result);
      showStatus();
    }

    function sync() {
      var queue = load("queue", []);
      if (!queue.length || syncing || !navigator.onLine) { return; }
      syncing = true;
      fetch(syncUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token },
        body: JSON.stringify({ device: deviceId(), scans: queue })
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (data) {
        var done = {};
        var twice = part("twice");
        data.results.forEach(function (item) {
          if (item.outcome === "too_many_unknown_codes") { return; }  /* kept: sent again later */
          done[item.nonce] = true;
          if (item.outcome === "admitted_twice" || item.outcome === "replaced_code") {
            var scan = null;
            queue.forEach(function (q) { if (q.nonce === item.nonce) { scan = q; } });
            var copy = load("list", { people: [] });
            var name = scan ? scan.code : "";
            copy.people.concat(copy.replaced || []).forEach(function (p) {
              if (scan && p.code === scan.code) { name = p.name; }
            });
            var li = document.createElement("li");
            /* Let in offline with a code replaced meanwhile: nobody was admitted by it. */
            li.textContent = text(item.outcome === "admitted_twice" ? "text-twice" : "text-replaced",
                                  { name: name });
            twice.appendChild(li);
          }
        });
        var sent = queue.filter(function (q) { return done[q.nonce]; }).length;
        save("queue", load("queue", []).filter(function (q) { return !done[q.nonce]; }));
        showCounts(data.counts);
        showStatus();
        part("state").textContent = sent ? text("text-synced", { count: String(sent) }) : "";
        refreshCopy();
      }).catch(function () { /* still offline, or the server is away: try again later */ })
        .finally(function () { syncing = false; });
    }

    window.addEventListener("online", function () { showStatus(); sync(); });
    window.addEventListener("offline", showStatus);
    window.setInterval(function () { sync(); }, 15000);
    showStatus();
    refreshCopy();
    sync();
    return { remember: remember, scanOffline: scanOffline };
  })();

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submitCode();
  });

  /* Live counts: other doors check people in too. */
  var countsUrl = counts && counts.getAttribute("data-counts-url");
  if (countsUrl) {
    window.setInterval(function () {
      if (document.hidden) { return; }
      fetch(countsUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(showCounts)
        .catch(function () { /* keep the last counts */ });
    }, 10000);
  }

  /* Camera scanning, only where the browser can detect QR codes itself. */
  var toggle = document.getElementById("camera-toggle");
  var video = document.getElementById("camera-preview");
  var status = document.getElementById("camera-status");
  if (!toggle || !video || !("BarcodeDetector" in window) ||
      !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return;
  }
  var detector = null;
  var stream = null;
  var lastCode = "";
  var lastAt = 0;
  toggle.hidden = false;

  function stopCamera() {
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    stream = null;
    video.hidden = true;
    toggle.textContent = toggle.getAttribute("data-label-start");
  }

  function scan() {
    if (!stream) { return; }
    detector.detect(video).then(function (codes) {
      var now = Date.now();
      if (codes.length) {
        var value = codes[0].rawValue;
        /* The same code held in front of the camera is one scan, not many. */
        if (value && (value !== lastCode || now - lastAt > 3000)) {
          lastCode = value;
          lastAt = now;
          input.value = value;
          submitCode();
        }
      }
    }).catch(function () { /* a frame that could not be read */ }).finally(function () {
      window.setTimeout(scan, 250);
    });
  }

  toggle.addEventListener("click", function () {
    if (stream) { stopCamera(); return; }
    try {
      detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    } catch (error) {
      toggle.hidden = true;
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (mediaStream) {
        stream = mediaStream;
        video.srcObject = mediaStream;
        video.hidden = false;
        toggle.textContent = toggle.getAttribute("data-label-stop");
        status.textContent = "";
        return video.play();
      })
      .then(scan)
      .catch(function (error) {
        stopCamera();
        status.textContent = status.getAttribute("data-error") || "";
      });
  });
})();
