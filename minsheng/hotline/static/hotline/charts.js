/* Draws the charts of the hotline pages with ECharts. Each chart's figures are also in a table,
   so the page is complete without JavaScript. */
(function () {
  "use strict";
  function draw(element) {
    var source = document.getElementById(element.dataset.chart);
    if (!source || !window.MinshengCharts) { return; }
    var spec = JSON.parse(source.textContent);
    var chart = window.MinshengCharts.init(element);
    if (!chart) { return; }
    var suffix = spec.percent ? "%" : "";
    var option;
    if (spec.type === "pie") {
      option = {
        tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: "65%", data: spec.labels.map(function (label, i) {
          return { name: label, value: spec.series[0].data[i] };
        }) }]
      };
    } else {
      option = {
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + suffix; } },
        legend: { show: spec.series.length > 1 },
        grid: { left: 60, right: 20, bottom: 90 },
        xAxis: { type: "category", data: spec.labels, axisLabel: { rotate: spec.labels.length > 8 ? 40 : 0 } },
        yAxis: { type: "value", axisLabel: { formatter: "{value}" + suffix }, min: spec.percent ? "dataMin" : 0 },
        series: spec.series.map(function (s) {
          return { name: s.name, type: spec.type, data: s.data, connectNulls: true };
        })
      };
    }
    chart.setOption(option);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
})();
