/* Door check-in: submit without reloading (typed code, or a USB scanner's code + Enter), show
   the answer in large type, keep the counts live, and scan QR codes with the camera where the
   browser has the BarcodeDetector API. Without JavaScript the form still posts and the page
   answers the same way. Served as a file (CSP: no inline script). */
(function () {
  "use strict";

  var form = document.getElementById("checkin-form");
  if (!form) { return; }
  var input = document.getElementById("checkin-code");
  var result = document.getElementById("checkin-result");
  var counts = document.getElementById("checkin-counts");
  var busy = false;
  var STATES = ["ok", "already_checked_in", "waitlisted", "cancelled", "unknown_code",
                "too_many_unknown_codes", "not_on_list"];

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
    }).catch(function () {
      form.submit();  /* fall back to the plain form post: the server answers the same way */
    }).finally(function () {
      busy = false;
      input.value = "";
      input.focus();
    });
  }

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
