/* Narrow screens show data tables as stacked lists: each cell is labelled with its column's
   heading (data-label), which the style sheet shows before the cell's value. Without this
   script a table keeps its columns and scrolls inside its own box. */
(function () {
  "use strict";

  function headings(table) {
    var rows = table.tHead ? table.tHead.rows : [];
    if (!rows.length) { return null; }
    var labels = [];
    Array.prototype.forEach.call(rows[rows.length - 1].cells, function (cell) {
      var span = cell.colSpan || 1;
      for (var i = 0; i < span; i += 1) { labels.push(cell.textContent.trim()); }
    });
    return labels;
  }

  function label(table) {
    var labels = headings(table);
    if (!labels) { return; }
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if ((cell.colSpan || 1) === 1 && labels[column]) {
            cell.setAttribute("data-label", labels[column]);
          }
          column += cell.colSpan || 1;
        });
      });
    });
    keepRoles(table);
    table.classList.add("stackable");
  }

  /* A table shown as blocks loses its table semantics in some browsers: say them again. */
  function keepRoles(table) {
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody, tfoot"), function (group) {
      group.setAttribute("role", "rowgroup");
    });
    Array.prototype.forEach.call(table.rows, function (row) {
      row.setAttribute("role", "row");
      Array.prototype.forEach.call(row.cells, function (cell) {
        var role = "cell";
        if (cell.tagName === "TH") { role = cell.scope === "row" ? "rowheader" : "columnheader"; }
        cell.setAttribute("role", role);
      });
    });
  }

  function labelAll(root) {
    Array.prototype.forEach.call(root.querySelectorAll("table.data"), label);
  }

  labelAll(document);
})();
