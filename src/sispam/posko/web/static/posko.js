// Posko: CSRF header for htmx, and the live stream (SSE) that refreshes what is on screen.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  document.addEventListener("htmx:configRequest", function (e) {
    if (meta && meta.content) e.detail.headers["X-CSRF-Token"] = meta.content;
  });

  // A live refresh must never throw away what someone is typing. While a form inside the part
  // to be refreshed holds input not yet sent, that part keeps its content, is marked stale (a
  // visible note) and refreshes at the first event after the form is sent or put back.
  function changed(form) {
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked !== el.defaultChecked) return true;
      } else if (el.tagName === "SELECT") {
        if (selectChanged(el)) return true;
      } else if ("defaultValue" in el && el.type !== "hidden" && el.value !== el.defaultValue) {
        return true;
      }
    }
    return false;
  }
  function selectChanged(el) {
    var opts = el.options, def = -1, j;
    if (el.multiple) {
      for (j = 0; j < opts.length; j++) if (opts[j].selected !== opts[j].defaultSelected) return true;
      return false;
    }
    // A list with no option marked selected shows its first: that is its default, not a change.
    for (j = 0; j < opts.length && def < 0; j++) if (opts[j].defaultSelected) def = j;
    return el.selectedIndex !== Math.max(def, 0);
  }
  function holdsInput(part) {
    if (!part || !part.querySelectorAll) return false;
    var forms = part.querySelectorAll("form");
    for (var i = 0; i < forms.length; i++) if (changed(forms[i])) return true;
    return false;
  }
  function hold(part) {
    part.dataset.stale = "1";
    part.dataset.staleNote = document.body.dataset.staleNote || "";
  }
  function isRefresh(elt) {
    var trigger = (elt && elt.getAttribute && elt.getAttribute("hx-trigger")) || "";
    return /posko-event|every /.test(trigger);
  }
  document.addEventListener("htmx:beforeRequest", function (e) {
    var d = e.detail;
    if (isRefresh(d.elt) && holdsInput(d.target)) {
      e.preventDefault();
      hold(d.target);
    }
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    if (e.detail.target && e.detail.target.dataset) delete e.detail.target.dataset.stale;
  });

  // Live parts of a page refresh on "posko-event", fired here at most once per REFRESH_MS and
  // always once more after the last event of a burst. (htmx's own "throttle:" drops the events
  // inside its window: a page could keep the state from before the last event of a burst —
  // an incident verified and then responded to within a second showed only "verified".)
  var REFRESH_MS = 700, lastRefresh = 0, pending = null, latest = null;
  function refreshSoon(data) {
    latest = data;
    if (pending) return;
    var wait = lastRefresh + REFRESH_MS - Date.now();
    if (wait <= 0) return refreshNow();
    pending = setTimeout(refreshNow, wait);
  }
  function refreshNow() {
    pending = null;
    lastRefresh = Date.now();
    if (window.htmx) window.htmx.trigger(document.body, "posko-event", latest);
  }

  function toast(text) {
    var el = document.getElementById("toast");
    if (!el) return;
    el.textContent = text;
    el.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { el.hidden = true; }, 4000);
  }

  function connect() {
    var body = document.body;
    var op = body.dataset.op;
    if (!op || !window.EventSource) return;
    var after = body.dataset.seq || "0";
    var live = document.getElementById("live");
    var src = new EventSource("/api/v1/stream?op=" + encodeURIComponent(op) + "&after=" + after);
    src.addEventListener("open", function () { if (live) { live.hidden = false; live.classList.remove("off"); } });
    src.addEventListener("error", function () { if (live) live.classList.add("off"); });
    src.addEventListener("skip", function (e) { body.dataset.seq = e.lastEventId; });
    src.addEventListener("posko", function (e) {
      var data = JSON.parse(e.data);
      body.dataset.seq = e.lastEventId;
      document.dispatchEvent(new CustomEvent("posko:event", { detail: data }));
      refreshSoon(data);
      var text = (data.prefix ? data.prefix + " · " : "") + data.type + " · " + data.actor +
        (data.village ? " · " + data.village : "") + (data.unit ? " · " + data.unit : "");
      toast(text);
      // An open village panel/page refreshes itself.
      var v = document.querySelector(".village[data-code]");
      if (v && data.village === v.dataset.code && window.htmx) {
        if (holdsInput(v.parentElement)) return hold(v.parentElement);
        window.htmx.ajax("GET", "/ops/" + op + "/villages/" + v.dataset.code, { target: v.parentElement, swap: "innerHTML" });
      }
    });
    window.poskoStream = src;
  }
  document.addEventListener("DOMContentLoaded", connect);
})();
