// Field reports, offline first: every report gets an id on the phone, waits in IndexedDB
// (idb-keyval) and is sent when the connection is back; the server stores each id once.
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

  function queue(report) {
    report.id = newId();
    report.at_utc = new Date().toISOString();
    report.village_code = el("village").value;
    report.tps = parseInt(el("tps").value, 10) || null;
    return idbKeyval.set(report.id, report, store).then(function () {
      var li = line(report.label + " · " + root.dataset.msgQueued, "queued");
      li.dataset.id = report.id;
      return refreshCount();
    }).then(flush);
  }

  function flush() {
    if (flushing || !navigator.onLine) return Promise.resolve();
    flushing = true;
    return idbKeyval.entries(store).then(function (entries) {
      if (!entries.length) return null;
      var reports = entries.map(function (e) { var r = Object.assign({}, e[1]); delete r.label; return r; });
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
    }).catch(function () { /* still offline or the server is away: try again later */ })
      .then(function () { flushing = false; return refreshCount(); });
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
