/* The display wall: turns to its next panel every data-rotate-seconds, asks data-url for new figures every
   data-poll-seconds, and keeps showing the last figures while the server does not answer (the status line
   says since when), catching up as soon as it answers again. Never reloads the page; builds text nodes only. */
(function () {
  "use strict";
  var root = document.getElementById("wall");
  if (!root) { return; }
  var url = root.getAttribute("data-url");
  var pollMs = Math.max(1, Number(root.getAttribute("data-poll-seconds")) || 30) * 1000;
  var rotateMs = Math.max(1, Number(root.getAttribute("data-rotate-seconds")) || 20) * 1000;
  var data = JSON.parse(document.getElementById("wall-data").textContent);
  var status = document.getElementById("wall-status");
  var panels = Array.prototype.slice.call(root.querySelectorAll(".wall-panel"));
  var current = 0;
  var map = null;
  var failingSince = null;

  function el(tag, className, text, lang) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (lang) { node.setAttribute("lang", lang); }
    return node;
  }

  function both(node, zh, en) {
    node.appendChild(el("span", "", zh, "zh-Hans"));
    node.appendChild(document.createTextNode(" "));
    node.appendChild(el("span", "wall-en", en, "en"));
  }

  function replaceChildren(list, items) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    items.forEach(function (item) { list.appendChild(item); });
  }

  function cityBySlug(slug) {
    for (var i = 0; i < data.cities.length; i++) { if (data.cities[i].slug === slug) { return data.cities[i]; } }
    return null;
  }

  function renderCounters() {
    data.counters.forEach(function (counter) {
      var box = root.querySelector('[data-counter="' + counter.key + '"] .wall-value');
      if (box) { box.textContent = counter.value === null ? "—" : counter.value; }
    });
  }

  function renderFlows() {
    var items = data.flows.map(function (flow) {
      var from = cityBySlug(flow.from), to = cityBySlug(flow.to);
      var li = el("li", "wall-flow");
      li.setAttribute("data-flow", flow.figure + ":" + flow.from + ":" + flow.to);
      li.appendChild(el("span", "wall-value-inline", flow.value));
      li.appendChild(document.createTextNode(" "));
      var arrow = flow.both_ways ? " ↔ " : " → ";  // a meeting has no direction
      both(li, flow.label.zh + "：" + (from ? from.zh : flow.from) + arrow + (to ? to.zh : flow.to),
           flow.label.en + ": " + (from ? from.en : flow.from) + arrow + (to ? to.en : flow.to));
      return li;
    });
    if (!items.length) {
      var none = el("li", "wall-flow");
      both(none, "跨城往来的数字达到显示门槛后在此显示。", "Flows between cities appear here once enough records stand behind them.");
      items = [none];
    }
    replaceChildren(document.getElementById("wall-flows"), items);
  }

  function renderLatest() {
    replaceChildren(document.getElementById("wall-latest"), data.latest.map(function (item) {
      var li = el("li", "wall-item");
      li.appendChild(el("span", "wall-kind", item.kind.zh + " · " + item.kind.en));
      li.appendChild(document.createTextNode(" "));
      both(li, item.zh, item.en);
      return li;
    }));
  }

  /* The Shanghai–Nanjing railway: from the first district of Shanghai in the Belt's order (the Center's)
     westwards through the cities within an hour of Shanghai; the cities across the Yangtze stand beside it. */
  function railway(ordered) {
    var hub = ordered.filter(function (c) { return c.kind === "shanghai_district"; })[0];
    var line = ordered.filter(function (c) { return c.kind === "jiangsu_city" && c.commute !== null && c.commute <= 60; })
      .sort(function (a, b) { return b.lon - a.lon; });
    return hub ? [hub].concat(line) : line;
  }

  function renderMap() {
    var box = document.getElementById("wall-map");
    if (!window.echarts || !box || box.offsetParent === null) { return; }
    if (!map) { map = window.echarts.init(box, null, { renderer: "canvas" }); }
    var ordered = data.cities.slice().sort(function (a, b) { return a.position - b.position; });
    var coords = {};
    ordered.forEach(function (c) { coords[c.slug] = [c.lon, c.lat]; });
    map.setOption({
      animation: false,
      grid: { left: 24, right: 24, top: 24, bottom: 24 },
      xAxis: { type: "value", scale: true, show: false },
      yAxis: { type: "value", scale: true, show: false },
      series: [
        { type: "line", name: "railway", data: railway(ordered).map(function (c) { return [c.lon, c.lat]; }),
          symbol: "none", lineStyle: { width: 6, color: "#7a8aa0" }, silent: true },
        { type: "lines", coordinateSystem: "cartesian2d", silent: true,
          lineStyle: { width: 3, color: "#f2b134", curveness: 0.25, opacity: 0.9 },
          data: data.flows.filter(function (f) { return coords[f.from] && coords[f.to]; })
            .map(function (f) { return { coords: [coords[f.from], coords[f.to]] }; }) },
        { type: "scatter", symbolSize: 22, itemStyle: { color: "#4fc3f7" },
          label: { show: true, position: "right", color: "#ffffff", fontSize: 22,
            formatter: function (p) { return p.data.label; } },
          data: ordered.map(function (c) {
            return { value: [c.lon, c.lat], label: c.zh + " " + c.en + (c.commute ? " · " + c.commute + " min" : "") };
          }) }
      ]
    }, true);
    map.resize();
  }

  function renderAll() {
    root.setAttribute("data-generated-at", data.generated_at);
    renderCounters(); renderFlows(); renderLatest(); renderMap();
  }

  function setStatus(ok) {
    while (status.firstChild) { status.removeChild(status.firstChild); }
    if (ok) {
      failingSince = null;
      status.classList.remove("wall-offline");
      both(status, "实时数据", "Live figures");
    } else {
      if (!failingSince) { failingSince = new Date(); }
      var hhmm = failingSince.toTimeString().slice(0, 5);
      status.classList.add("wall-offline");
      both(status, "连接中断，显示 " + hhmm + " 前的数字", "Offline: figures as of " + hhmm);
    }
  }

  function poll() {
    fetch(url, { cache: "no-store", credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (fresh) { data = fresh; renderAll(); setStatus(true); })
      .catch(function () { setStatus(false); })
      .then(function () { window.setTimeout(poll, pollMs); });
  }

  function rotate() {
    if (panels.length > 1) {
      panels[current].hidden = true;
      current = (current + 1) % panels.length;
      panels[current].hidden = false;
      if (panels[current].getAttribute("data-panel") === "map") { renderMap(); }
    }
    window.setTimeout(rotate, rotateMs);
  }

  renderAll();
  window.setTimeout(poll, pollMs);
  window.setTimeout(rotate, rotateMs);
  window.addEventListener("resize", function () { if (map) { map.resize(); } });
})();
