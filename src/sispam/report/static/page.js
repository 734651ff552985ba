// Sispam report page: map layers, village details, sortable tables. No libraries, no network.
(function () {
  "use strict";
  var map = document.getElementById("map");
  var data = JSON.parse(document.getElementById("village-data").textContent);
  var info = document.getElementById("info");
  var words = data.words;

  function setLayer(id) {
    map.querySelectorAll(".v.peserta").forEach(function (el) {
      el.setAttribute("fill", el.getAttribute("data-f-" + id) || data.other);
    });
    document.querySelectorAll("ul.legend[data-layer]").forEach(function (ul) {
      ul.hidden = ul.getAttribute("data-layer") !== id;
    });
    var radio = document.querySelector('input[name="layer"][value="' + id + '"]');
    if (radio) radio.checked = true;
  }

  document.querySelectorAll('input[name="layer"]').forEach(function (r) {
    r.addEventListener("change", function () { setLayer(r.value); });
  });
  document.querySelectorAll('input[name="show"]').forEach(function (c) {
    function apply() {
      if (c.value === "postings") map.classList.toggle("show-postings", c.checked);
      else map.classList.toggle("hide-" + c.value, !c.checked);
    }
    c.addEventListener("change", apply);
    apply();
  });
  document.querySelectorAll("a[data-layer]").forEach(function (a) {
    a.addEventListener("click", function () {
      if (a.getAttribute("data-layer")) setLayer(a.getAttribute("data-layer"));
    });
  });

  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  function show(code) {
    var v = data.villages[code];
    if (!v) return;
    map.querySelectorAll(".v.sel").forEach(function (el) { el.classList.remove("sel"); });
    var el = map.querySelector('.v.peserta[data-code="' + code + '"]');
    if (el) el.classList.add("sel");
    var rows = v.rows.map(function (r) {
      return "<tr><th>" + esc(r[0]) + "</th><td>" + esc(r[1]) + "</td></tr>";
    }).join("");
    var list = v.postings.length
      ? "<p><b>" + esc(words.postings) + "</b></p><ul>" + v.postings.map(function (p) {
          return "<li>" + esc(p) + "</li>";
        }).join("") + "</ul>"
      : "";
    info.innerHTML = "<h4>" + esc(v.name) + "</h4><p class=\"hint\">" + esc(v.code) + " · " +
      esc(v.district) + "</p><table>" + rows + "</table>" + list;
  }

  map.querySelectorAll(".v.peserta").forEach(function (el) {
    var code = el.getAttribute("data-code");
    el.addEventListener("click", function () { show(code); });
    el.addEventListener("keydown", function (e) { if (e.key === "Enter") show(code); });
  });

  // Sortable tables: click a header; numbers sort by their raw value (data-value).
  document.querySelectorAll("figure.table table").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, i) {
      th.addEventListener("click", function () {
        var asc = !th.classList.contains("sorted-asc");
        heads.forEach(function (h) { h.classList.remove("sorted-asc", "sorted-desc"); });
        th.classList.add(asc ? "sorted-asc" : "sorted-desc");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[i], y = b.cells[i];
          var xv = x.getAttribute("data-value"), yv = y.getAttribute("data-value");
          var cmp = (xv !== null && yv !== null)
            ? parseFloat(xv) - parseFloat(yv)
            : x.textContent.localeCompare(y.textContent, document.documentElement.lang);
          return asc ? cmp : -cmp;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
