// The live forecast on the map: per village P(merah within 2 h) as a ring, and the best single
// reserve move as an arrow — a model estimate, labelled as such everywhere it shows.
(function () {
  "use strict";
  var box, layer, label, timer;
  var csrf = document.querySelector('meta[name="csrf-token"]');

  function pct(x) { return Math.round(x * 1000) / 10 + " %"; }

  function draw(data) {
    var pm = window.poskoMap;
    if (!pm || !data.forecast) return;
    if (!layer) layer = L.layerGroup().addTo(pm.map);
    layer.clearLayers();
    var fc = data.forecast;
    fc.villages.forEach(function (v) {
      var op = pm.villages[v.code];
      if (!op || v.p_merah.value < 0.005) return;
      var p = v.p_merah.value;
      L.circleMarker([op.lat, op.lng], { radius: 6 + 24 * Math.sqrt(p), color: "#6a1b9a", weight: 2,
        dashArray: "4 3", fill: false, className: "posko-forecast" })
        .bindTooltip(op.name + ": P(merah ≤ 2 jam) " + pct(p) + " — " + label).addTo(layer);
    });
    var m = fc.best_move;
    var moveEl = document.getElementById("forecast-move");
    if (m) {
      L.polyline([[m.from_lat, m.from_lng], [m.to_lat, m.to_lng]], { color: "#6a1b9a", weight: 3, className: "posko-best-move" })
        .bindTooltip(m.unit + " → " + m.to_name + " (" + label + ")").addTo(layer);
      moveEl.textContent = m.unit + " → " + m.to_name + ": " + pct(m.p_any_merah_before.value) + " → " + pct(m.p_any_merah_after.value);
    } else { moveEl.textContent = ""; }
    var top = fc.villages.slice().sort(function (a, b) { return b.p_merah.value - a.p_merah.value; }).slice(0, 3)
      .filter(function (v) { return v.p_merah.value > 0; })
      .map(function (v) { return v.name + " " + pct(v.p_merah.value); });
    document.getElementById("forecast-summary").textContent =
      "P(merah ≤ " + fc.horizon_min + " min): " + pct(fc.p_any_merah.value) + (top.length ? " · " + top.join(", ") : "") +
      " · " + fc.runs + " runs, " + fc.time.slice(11, 16);
    box.dataset.ready = "1";
    box.dataset.seq = String(data.seq);
  }

  function load() {
    fetch(box.dataset.api, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (d) {
      label = d.label;
      document.getElementById("forecast-label").textContent = d.label;
      box.dataset.running = d.running ? "1" : "";
      if (d.forecast) draw(d);
      else if (d.error) document.getElementById("forecast-summary").textContent = d.error;
    }).catch(function () {});
  }

  function init() {
    box = document.getElementById("forecast");
    if (!box) return;
    var run = document.getElementById("forecast-run");
    if (run) run.addEventListener("click", function () {
      fetch(box.dataset.api, { method: "POST", credentials: "same-origin",
        headers: { "x-csrf-token": csrf ? csrf.content : "" } }).then(function () { setTimeout(load, 2000); });
    });
    document.addEventListener("posko:map-ready", load);
    timer = setInterval(load, 20000);
  }
  document.addEventListener("DOMContentLoaded", init);
})();
