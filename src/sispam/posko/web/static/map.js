// The operation's map: every embedded village polygon of the regency, the operation's villages
// coloured by vulnerability zone and outlined by the current situation, reserve posts and units.
// No tile server is needed (a tile URL is optional); all data come from /api/v1/ops/{op}/geo.
(function () {
  "use strict";
  function init() {
    var el = document.getElementById("map");
    if (!el || !window.L) return;
    var op = document.body.dataset.op;
    var map = L.map(el, { preferCanvas: false, zoomSnap: 0.25 });
    if (el.dataset.tiles) L.tileLayer(el.dataset.tiles, { maxZoom: 18 }).addTo(map);
    var byCode = {};
    var data = null;

    function villageStyle(v) {
      var zone = data.zones[v.zone] || { color: "#9e9e9e" };
      var level = data.levels[v.level] || "#2e7d32";
      return { color: level, weight: v.level === "hijau" ? 1.5 : 4, fillColor: zone.color, fillOpacity: 0.55,
               className: "posko-op-village level-" + v.level };
    }

    function openVillage(code) {
      if (window.htmx) window.htmx.ajax("GET", "/ops/" + op + "/villages/" + code, { target: "#panel", swap: "innerHTML" });
    }

    fetch(el.dataset.geo, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (geo) {
      data = geo;
      var ops = {};
      geo.villages.forEach(function (v) { ops[v.code] = v; });
      var desa = L.geoJSON(geo.shapes, {
        style: function (f) {
          return { color: "#7a8796", weight: 0.6, fillColor: "#ffffff", fillOpacity: 0.35, className: "posko-desa" };
        }
      });
      // A view first: Leaflet cannot draw vector layers on a map without one.
      if (geo.shapes.features.length) map.fitBounds(desa.getBounds());
      else map.setView([geo.villages[0].lat, geo.villages[0].lng], 11);
      desa.addTo(map);
      desa.eachLayer(function (layer) {
        var p = layer.feature.properties;
        layer.bindTooltip(p.name);
        var v = ops[p.code];
        if (v) {
          var shape = L.geoJSON(layer.feature, { style: function () { return villageStyle(v); } }).addTo(map);
          shape.eachLayer(function (l) { byCode[v.code] = l; l.on("click", function () { openVillage(v.code); });
            l.bindTooltip(v.name + " — " + el.dataset.labelZone + " " + v.zone); });
        }
      });
      geo.villages.forEach(function (v) {
        if (!byCode[v.code]) {  // no polygon (outside the embedded regency): a point
          var m = L.circleMarker([v.lat, v.lng], villageStyle(v)).addTo(map);
          m.on("click", function () { openVillage(v.code); });
          byCode[v.code] = m;
        }
        L.circleMarker([v.lat, v.lng], { radius: 3, color: "#13294b", weight: 1, fillOpacity: 1, className: "posko-tps" })
          .bindTooltip("TPS " + v.name + " (" + v.tps + ")").addTo(map);
      });
      geo.sites.forEach(function (s) {
        L.circleMarker([s.lat, s.lng], { radius: 8, color: "#0d47a1", weight: 2, fillColor: "#90caf9", fillOpacity: 0.9, className: "posko-site" })
          .bindTooltip(s.name).addTo(map);
      });
      var units = L.layerGroup().addTo(map);
      function drawUnits(list) {
        units.clearLayers();
        list.forEach(function (u) {
          L.circleMarker([u.lat, u.lng], { radius: 4, color: "#000", weight: 1, fillColor: u.agency === "tni" ? "#556b2f" : u.agency === "pemkab" ? "#ff8f00" : "#1565c0", fillOpacity: 1, className: "posko-unit status-" + u.status })
            .bindTooltip(u.name + " — " + u.status).addTo(units);
        });
      }
      drawUnits(geo.units);
      // A field account sees a village or two: zoom to them rather than the whole regency.
      var own = Object.keys(byCode).map(function (c) { return byCode[c]; });
      if (own.length && own.length <= 5) map.fitBounds(L.featureGroup(own).getBounds(), { maxZoom: 14 });
      window.poskoMap = { map: map, villages: ops, layers: byCode };  // for overlays (forecast)
      document.dispatchEvent(new CustomEvent("posko:map-ready"));
      el.dataset.ready = "1";
      el.dataset.shapes = String(geo.shapes.features.length);
      el.dataset.villages = String(geo.villages.length);

      document.addEventListener("posko:event", function (e) {
        var d = e.detail;
        var level = d.type === "village.level_set" ? d.level : d.type === "situation.decided" ? d.to : null;
        if (level && byCode[d.village] && ops[d.village]) {
          ops[d.village].level = level;
          byCode[d.village].setStyle(villageStyle(ops[d.village]));
          var path = byCode[d.village].getElement && byCode[d.village].getElement();
          if (path) path.setAttribute("data-level", level);
        }
        if (/^(unit\.status_set|unit\.updated|dispatch\.sent|perbantuan\.deployed)$/.test(d.type)) {
          fetch("/api/v1/ops/" + op + "/geo", { credentials: "same-origin" }).then(function (r) { return r.json(); })
            .then(function (g) { drawUnits(g.units); });
        }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", init);
})();
