/* Charts of the insights dashboards: each .insights-chart[data-chart] names a JSON block (json_script) with
   {kind: "line"|"bar", categories: [...], series: [{name, data}]}; the same numbers are in the table beside it. */
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var charts = [];
  document.querySelectorAll(".insights-chart[data-chart]").forEach(function (el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      grid: { left: 48, right: 16, top: spec.series.length > 1 ? 56 : 16, bottom: 56 },
      legend: spec.series.length > 1 ? { type: "scroll", top: 0 } : { show: false },
      xAxis: { type: "category", data: spec.categories, axisLabel: { rotate: spec.kind === "bar" ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: spec.series.map(function (s) {
        return { name: s.name, type: spec.kind, data: s.data, smooth: false };
      })
    });
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
