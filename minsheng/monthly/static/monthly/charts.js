// Charts of the selection pages: drawn from the same data as the tables next to them, which
// stay the accessible and no-JavaScript version (the charts are hidden from screen readers).
(function () {
  "use strict";
  function data(element) {
    var source = document.getElementById(element.dataset.source);
    return source ? JSON.parse(source.textContent) : [];
  }
  function names(element) {
    var source = element.dataset.namesSource && document.getElementById(element.dataset.namesSource);
    if (source) { return JSON.parse(source.textContent); }
    return element.dataset.names ? JSON.parse(element.dataset.names) : {};
  }
  var builders = {
    scores: function (rows, label) {
      var questions = ["widespread", "chronic", "coordination"];
      return {
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 160, right: 20, top: 40, bottom: 20 },
        xAxis: { type: "value", max: 1 },
        yAxis: { type: "category", inverse: true,
                 data: rows.map(function (r) { return r.rank + ". " + r.label; }) },
        series: questions.map(function (q) {
          return { name: label[q] || q, type: "bar", stack: "score",
                   data: rows.map(function (r) { return r[q]; }) };
        })
      };
    },
    trend: function (rows, label) {
      return {
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        xAxis: { type: "category", data: rows.map(function (r) { return r.month; }) },
        yAxis: [{ type: "value" }, { type: "value", min: 0, max: 1 }],
        series: [
          { name: label.cases, type: "bar", data: rows.map(function (r) { return r.cases; }) },
          { name: label.resolution, type: "line", yAxisIndex: 1,
            data: rows.map(function (r) { return r.resolution_rate; }) },
          { name: label.satisfaction, type: "line", yAxisIndex: 1,
            data: rows.map(function (r) { return r.satisfaction_rate; }) }
        ]
      };
    },
    // A problem's cases before, during and after its month (shaded), with its two rates.
    outcome: function (rows, label) {
      var months = rows.map(function (r) { return r.month; });
      var own = rows.filter(function (r) { return r.period === "month"; })[0];
      return {
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        xAxis: { type: "category", data: months },
        yAxis: [{ type: "value", minInterval: 1 }, { type: "value", min: 0, max: 100 }],
        series: [
          { name: label.cases, type: "bar", data: rows.map(function (r) { return r.cases; }),
            markArea: own ? { silent: true, itemStyle: { opacity: 0.15 },
                              data: [[{ xAxis: own.month }, { xAxis: own.month }]] } : undefined },
          { name: label.resolution, type: "line", yAxisIndex: 1, connectNulls: true,
            data: rows.map(function (r) { return r.resolution_rate; }) },
          { name: label.satisfaction, type: "line", yAxisIndex: 1, connectNulls: true,
            data: rows.map(function (r) { return r.satisfaction_rate; }) }
        ]
      };
    },
    bars: function (rows) {
      return {
        tooltip: {},
        grid: { left: 90, right: 20, top: 10, bottom: 20 },
        xAxis: { type: "value" },
        yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }) },
        series: [{ type: "bar", data: rows.map(function (r) { return r.cases; }) }]
      };
    }
  };
  function draw() {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var build = builders[element.dataset.chart];
      var rows = data(element);
      if (!build || !rows.length) { element.hidden = true; return; }
      if (element.dataset.chart === "scores") {
        element.style.height = Math.max(240, 36 * rows.length + 60) + "px";
      }
      // The shared, age-friendly theme where the page loads it.
      var chart = window.MinshengCharts ? window.MinshengCharts.init(element)
                                        : window.echarts.init(element);
      chart.setOption(build(rows, names(element)));
      if (!window.MinshengCharts) {
        window.addEventListener("resize", function () { chart.resize(); });
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
