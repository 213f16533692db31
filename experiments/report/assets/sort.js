// Sortable tables: a click on a column heading sorts the rows by that
// column (numbers by their data-sort value, text alphabetically); a
// second click reverses the order. Empty cells sort last.
(function () {
  "use strict";
  function key(td) {
    var s = td.getAttribute("data-sort");
    if (s !== null) { return s === "" ? null : parseFloat(s); }
    return td.textContent.trim();
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, col) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "descending" ? 1 : -1;
        if (!th.hasAttribute("aria-sort") && !th.classList.contains("num")) { dir = 1; }
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]);
          if (x === null || y === null) { return x === y ? 0 : (x === null ? 1 : -1); }
          if (typeof x === "number" && typeof y === "number") { return dir * (x - y); }
          return dir * String(x).localeCompare(String(y));
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
