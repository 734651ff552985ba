// Field reports, offline first: every report gets an id on the phone, waits in IndexedDB
// (idb-keyval) and is sent when the connection is back; the server stores each id once.
// A photo (shrunk on the phone) waits with its report, is sent first, and the report then
// names it by the hash the server answers; the position is the phone's, when asked for.
(function () {
  "use strict";
  var root, store, op, flushing = false;
  var csrf = document.querySelector('meta[name="csrf-token"]');

  function newId() {
    if (window.crypto && crypto.randomUUID) return "web-" + crypto.randomUUID();
    return "web-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  function el(id) { return document.getElementById(id); }

  function line(text, cls) {
    var li = document.createElement("li");
    li.textContent = text;
    if (cls) li.className = cls;
    el("mine").insertBefore(li, el("mine").firstChild);
    return li;
  }

  function refreshCount() {
    return idbKeyval.keys(store).then(function (keys) {
      el("queue-count").textContent = String(keys.length);
      root.dataset.queued = String(keys.length);
    });
  }

  function net(on) {
    var n = el("net");
    n.dataset.state = on ? "online" : "offline";
    n.textContent = on ? root.dataset.msgOnline : root.dataset.msgOffline;
  }

  // A phone photo is 3–8 MB; as a 1600 px JPEG it is ~0.3 MB, what a weak connection carries.
  function shrink(file) {
    if (!window.createImageBitmap) return Promise.resolve(file);
    return createImageBitmap(file).then(function (bmp) {
      var scale = Math.min(1, 1600 / Math.max(bmp.width, bmp.height));
      var c = document.createElement("canvas");
      c.width = Math.max(1, Math.round(bmp.width * scale));
      c.height = Math.max(1, Math.round(bmp.height * scale));
      c.getContext("2d").drawImage(bmp, 0, 0, c.width, c.height);
      return new Promise(function (done) {
        c.toBlob(function (b) { done(b || file); }, "image/jpeg", 0.8);
      });
    }).catch(function () { return file; });
  }

  function position() {
    if (!el("with-position").checked || !navigator.geolocation) return Promise.resolve(null);
    return new Promise(function (done) {
      navigator.geolocation.getCurrentPosition(
        function (p) { done({ lat: p.coords.latitude, lng: p.coords.longitude }); },
        function () { done(null); },  // refused or no fix: the report goes without it
        { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
    });
  }

  function queue(report) {
    report.id = newId();
    report.at_utc = new Date().toISOString();
    report.village_code = el("village").value;
    report.tps = parseInt(el("tps").value, 10) || null;
    var picked = el("photo").files && el("photo").files[0];
    el("photo").value = "";
    return Promise.all([picked ? shrink(picked) : null, position()]).then(function (got) {
      if (got[0]) { report.photo_blob = got[0]; report.label += " · 📷"; }
      if (got[1]) { report.lat = +got[1].lat.toFixed(6); report.lng = +got[1].lng.toFixed(6); }
      return idbKeyval.set(report.id, report, store);
    }).then(function () {
      var li = line(report.label + " · " + root.dataset.msgQueued, "queued");
      li.dataset.id = report.id;
      return refreshCount();
    }).then(flush);
  }

  // Each waiting photo goes alone, before the batch; its report is then saved naming it, so a
  // failure half-way sends nothing twice. A photo the server refuses is dropped, and said so.
  function sendPhotos(entries) {
    return entries.reduce(function (chain, e) {
      var r = e[1];
      if (!r.photo_blob) return chain;
      return chain.then(function () {
        return fetch("/api/v1/ops/" + encodeURIComponent(op) + "/field/photos", {
          method: "POST", credentials: "same-origin",
          headers: { "content-type": r.photo_blob.type || "image/jpeg", "x-csrf-token": csrf ? csrf.content : "" },
          body: r.photo_blob
        }).then(function (resp) {
          if (resp.status === 413 || resp.status === 415 || resp.status === 422) {
            return resp.json().then(function (b) {
              var li = document.querySelector('#mine li[data-id="' + r.id + '"]');
              if (li) li.textContent += " · " + b.detail;
              delete r.photo_blob;
              return idbKeyval.set(r.id, r, store);
            });
          }
          if (!resp.ok) throw new Error("HTTP " + resp.status);
          return resp.json().then(function (b) {
            r.photo = b.photo;
            delete r.photo_blob;
            return idbKeyval.set(r.id, r, store);
          });
        });
      });
    }, Promise.resolve());
  }

  function flush() {
    if (flushing || !navigator.onLine) return Promise.resolve();
    flushing = true;
    return idbKeyval.entries(store).then(function (entries) {
      if (!entries.length) return null;
      return sendPhotos(entries).then(function () { return sendReports(entries); });
    }).catch(function () { /* still offline or the server is away: try again later */ })
      .then(function () { flushing = false; return refreshCount(); });
  }

  function sendReports(entries) {
    var reports = entries.map(function (e) {
      var r = Object.assign({}, e[1]);
      delete r.label;
      delete r.photo_blob;
      return r;
    });
    return fetch("/api/v1/ops/" + encodeURIComponent(op) + "/field/reports", {
      method: "POST", credentials: "same-origin",
      headers: { "content-type": "application/json", "x-csrf-token": csrf ? csrf.content : "" },
      body: JSON.stringify({ reports: reports })
    }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (body) {
      var done = [];
      body.results.forEach(function (res) {
        var li = document.querySelector('#mine li[data-id="' + res.id + '"]');
        if (res.result === "created" || res.result === "duplicate") {
          done.push(res.id);
          if (li) { li.className = "sent"; li.textContent = li.textContent.split(" · ")[0] + " · " + root.dataset.msgSent; }
        } else if (li) {
          done.push(res.id);  // refused: the reason stays on screen, the queue moves on
          li.className = "refused"; li.textContent = li.textContent.split(" · ")[0] + " · " + res.detail;
        }
      });
      var sent = parseInt(el("sent-count").textContent, 10) || 0;
      el("sent-count").textContent = String(sent + body.results.filter(function (x) { return x.result !== "refused"; }).length);
      return idbKeyval.delMany(done, store);
    });
  }

  function init() {
    root = el("field");
    if (!root || !window.idbKeyval) return;
    op = root.dataset.op;
    store = idbKeyval.createStore("sispam-field-" + root.dataset.user, "queue");
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register("/field-sw.js", { scope: "/" }).then(function (reg) {
        root.dataset.sw = "registered";
        return navigator.serviceWorker.ready;
      }).then(function () { root.dataset.sw = "ready"; }).catch(function () { root.dataset.sw = "failed"; });
    }
    Array.prototype.forEach.call(document.querySelectorAll(".status-btn"), function (b) {
      b.addEventListener("click", function () {
        var r = { kind: "tps_status", status: b.dataset.status, label: b.textContent };
        var n = parseInt(el("personnel").value, 10);
        if (b.dataset.status === "personnel_present" && !isNaN(n)) r.personnel = n;
        queue(r);
      });
    });
    el("incident-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var sel = el("category");
      var r = { kind: "incident", category: sel.value, label: sel.options[sel.selectedIndex].text,
                note: el("note").value, rumour: el("rumour").checked };
      var crowd = parseInt(el("crowd").value, 10);
      if (!isNaN(crowd)) r.crowd = crowd;
      queue(r);
    });
    window.addEventListener("online", function () { net(true); flush(); });
    window.addEventListener("offline", function () { net(false); });
    net(navigator.onLine);
    setInterval(flush, 15000);
    refreshCount().then(flush).then(function () { root.dataset.ready = "1"; });
  }
  document.addEventListener("DOMContentLoaded", init);
})();
