/* Draws the report charts with ECharts from the data in the page; the tables below each chart
   hold the same numbers, so the page is complete without this script. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var kinds = { monthly: "line", categories: "bar", volunteers: "line", stars: "bar" };
  document.querySelectorAll(".chart[data-chart]").forEach(function (element) {
    var name = element.getAttribute("data-chart");
    var dataset = data[name];
    if (!dataset || !window.MinshengCharts || !window.echarts) { return; }
    element.hidden = false;
    var names = Object.keys(dataset.series);
    var chart = window.MinshengCharts.init(element);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: names, top: 0 },
      grid: { left: 60, right: 20, top: 40, bottom: 60 },
      xAxis: { type: "category", data: dataset.x, axisLabel: { rotate: name === "categories" ? 30 : 0 } },
      yAxis: { type: "value" },
      series: names.map(function (label) {
        return { name: label, type: kinds[name] || "bar", data: dataset.series[label] };
      }),
      aria: { enabled: true }
    });
  });
})();
