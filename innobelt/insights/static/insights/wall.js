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
  var current = 0;  // the slide shown: a panel, or one page of a panel of several pages
  var PER_PAGE = 6;  // flows or latest items a page, read from five metres (ADR 1201)
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

  /* The items as lists of PER_PAGE each (class wall-page), in `box`; the page shown stays shown. */
  function renderPages(box, items) {
    var shown = 0;
    var old = box.querySelectorAll(".wall-page");
    for (var i = 0; i < old.length; i++) { if (!old[i].hidden) { shown = i; } }
    var lists = [];
    for (var start = 0; start < items.length; start += PER_PAGE) {
      var ul = el("ul", "wall-list wall-page");
      ul.setAttribute("data-page", String(lists.length + 1));
      items.slice(start, start + PER_PAGE).forEach(function (item) { ul.appendChild(item); });
      lists.push(ul);
    }
    if (shown >= lists.length) { shown = 0; }
    lists.forEach(function (ul, n) { ul.hidden = n !== shown; });
    replaceChildren(box, lists);
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
    renderPages(document.getElementById("wall-flows"), items);
  }

  function renderLatest() {
    renderPages(document.getElementById("wall-latest"), data.latest.map(function (item) {
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
    /* Shanghai's districts stand a few kilometres apart: one label for the three beside the northernmost (their
       names in both languages), none beside each; the railway's first Jiangsu city, next to them, is labelled
       below its dot. Every other city on its right. */
    var places = {};
    var districts = ordered.filter(function (c) { return c.kind === "shanghai_district"; })
      .sort(function (a, b) { return b.lat - a.lat; });
    districts.forEach(function (c, i) {
      places[c.slug] = i > 0 ? { show: false } : { position: "right", formatter: ["上海市 Shanghai",
        districts.map(function (d) { return d.zh; }).join(" · "),
        districts.map(function (d) { return d.en.replace(/ (District|New Area)$/, ""); }).join(" · ")].join("\n") };
    });
    var line = railway(ordered);
    if (line.length > 1 && line[1].kind === "jiangsu_city") { places[line[1].slug] = { position: "bottom" }; }
    map.setOption({
      animation: false,
      grid: { left: 24, right: 360, top: 48, bottom: 72 },  // room for the eastern cities' labels
      xAxis: { type: "value", scale: true, show: false },
      yAxis: { type: "value", scale: true, show: false },
      series: [
        { type: "line", name: "railway", data: railway(ordered).map(function (c) { return [c.lon, c.lat]; }),
          symbol: "none", lineStyle: { width: 6, color: "#7a8aa0" }, silent: true },
        { type: "lines", coordinateSystem: "cartesian2d", silent: true,
          lineStyle: { width: 3, color: "#f2b134", curveness: 0.25, opacity: 0.9 },
          data: data.flows.filter(function (f) { return coords[f.from] && coords[f.to]; })
            .map(function (f) { return { coords: [coords[f.from], coords[f.to]] }; }) },
        { type: "scatter", symbolSize: 26, itemStyle: { color: "#4fc3f7" },
          label: { show: true, position: "right", color: "#ffffff", fontSize: 30, fontWeight: "bold", lineHeight: 38,
            textBorderColor: "#0d1b2a", textBorderWidth: 8,  // a halo of the background: lines never cross a name
            formatter: function (p) { return typeof p.data.label === "string" ? p.data.label : p.data.label.formatter; } },
          data: ordered.map(function (c) {
            var item = { value: [c.lon, c.lat], label: c.zh + " " + c.en + (c.commute ? " · " + c.commute + " min" : "") };
            if (places[c.slug]) { item.label = Object.assign({ formatter: item.label }, places[c.slug]); }
            return item;
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

  /* Every panel, and each page of a panel of several (counters, flows, latest), is a slide of its own. */
  function slides() {
    var out = [];
    panels.forEach(function (panel) {
      var pages = panel.querySelectorAll(".wall-page");
      if (pages.length > 1) {
        for (var i = 0; i < pages.length; i++) { out.push({ panel: panel, page: i }); }
      } else {
        out.push({ panel: panel, page: -1 });
      }
    });
    return out;
  }

  function rotate() {
    var all = slides();
    if (all.length > 1) {
      current = (current + 1) % all.length;
      var slide = all[current];
      panels.forEach(function (panel) { panel.hidden = panel !== slide.panel; });
      var pages = slide.panel.querySelectorAll(".wall-page");
      for (var i = 0; i < pages.length; i++) { pages[i].hidden = slide.page >= 0 && i !== slide.page; }
      if (slide.panel.getAttribute("data-panel") === "map") { renderMap(); }
    }
    window.setTimeout(rotate, rotateMs);
  }

  renderAll();
  window.setTimeout(poll, pollMs);
  window.setTimeout(rotate, rotateMs);
  window.addEventListener("resize", function () { if (map) { map.resize(); } });
})();
