/* Shared chart settings for every module: ECharts with an age-friendly theme.
   Text follows the page's chosen size (18px and up), colours are distinguishable by people with
   colour-vision deficiencies (Okabe-Ito), and the high-contrast mode draws light on dark.
   Every chart has a table with the same figures next to it, so pages work without this script. */
(function () {
  "use strict";
  var OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];
  var HIGH_CONTRAST = ["#FFFF00", "#00FFFF", "#FF80FF", "#7CFC00", "#FFA500", "#FFFFFF", "#FF6060", "#80A0FF"];
  var registered = false;

  function theme() {
    var style = window.getComputedStyle(document.body);
    var size = Math.max(14, Math.round(parseFloat(style.fontSize) * 0.85));
    var text = style.color;
    var high = document.documentElement.classList.contains("contrast-high");
    var axis = {
      axisLabel: { fontSize: size, color: text },
      axisLine: { lineStyle: { color: text } },
      axisTick: { lineStyle: { color: text } },
      nameTextStyle: { fontSize: size, color: text },
      splitLine: { lineStyle: { color: high ? "#555555" : "#DDDDDD" } }
    };
    return {
      color: high ? HIGH_CONTRAST : OKABE_ITO,
      backgroundColor: "transparent",
      // The page's font (the shipped Noto Sans SC), so chart text looks like the page's.
      textStyle: { fontSize: size, color: text, fontFamily: style.fontFamily },
      legend: { textStyle: { fontSize: size, color: text } },
      tooltip: { textStyle: { fontSize: size } },
      categoryAxis: axis,
      valueAxis: axis,
      timeAxis: axis,
      logAxis: axis
    };
  }

  window.MinshengCharts = {
    /* An ECharts instance on ``element`` with the shared theme; null without ECharts. */
    init: function (element) {
      if (!window.echarts) { return null; }
      if (!registered) {
        window.echarts.registerTheme("minsheng", theme());
        registered = true;
      }
      var chart = window.echarts.init(element, "minsheng", { renderer: "svg" });
      window.addEventListener("resize", function () { chart.resize(); });
      return chart;
    }
  };
})();
