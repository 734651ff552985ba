// Posko: CSRF header for htmx, and the live stream (SSE) that refreshes what is on screen.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  document.addEventListener("htmx:configRequest", function (e) {
    if (meta && meta.content) e.detail.headers["X-CSRF-Token"] = meta.content;
  });

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
      if (window.htmx) window.htmx.trigger(body, "posko-event", data);
      var text = (data.prefix ? data.prefix + " · " : "") + data.type + " · " + data.actor +
        (data.village ? " · " + data.village : "") + (data.unit ? " · " + data.unit : "");
      toast(text);
      // An open village panel/page refreshes itself.
      var v = document.querySelector(".village[data-code]");
      if (v && data.village === v.dataset.code && window.htmx) {
        window.htmx.ajax("GET", "/ops/" + op + "/villages/" + v.dataset.code, { target: v.parentElement, swap: "innerHTML" });
      }
    });
    window.poskoStream = src;
  }
  document.addEventListener("DOMContentLoaded", connect);
})();
