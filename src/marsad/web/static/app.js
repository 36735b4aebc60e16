/* marsad page: map, timeline, filters, event table, event view, paste an article.
 * Plain script, no build step. Article and record text only ever reaches the page through
 * textContent and text nodes, never as markup: an article saying <script> shows it literally. */
(function () {
  "use strict";

  var TYPES = [
    { key: "Battles", cls: "t-battles", color: "#c0392b", ar: "معارك" },
    { key: "Explosions/Remote violence", cls: "t-explosions", color: "#e67e22", ar: "انفجارات/عنف عن بعد" },
    { key: "Violence against civilians", cls: "t-vac", color: "#8e44ad", ar: "عنف ضد المدنيين" },
    { key: "Protests", cls: "t-protests", color: "#27ae60", ar: "احتجاجات" },
    { key: "Riots", cls: "t-riots", color: "#795548", ar: "أعمال شغب" },
    { key: "Strategic developments", cls: "t-strategic", color: "#2c6fbb", ar: "تطورات استراتيجية" }
  ];
  var FIELDS = ["evidence", "location", "actor1", "actor2", "fatalities", "injured", "date", "source"];

  var I18N = {
    en: {
      paste: "Paste an article", export_csv: "ACLED CSV", export_geojson: "GeoJSON", filters: "Filters",
      from: "From", to: "To", type: "Event type", any: "Any", actor: "Actor", country: "Country",
      min_confidence: "Minimum confidence", search: "Text search", apply: "Apply", reset: "Reset",
      legend: "Event types", size_hint: "Marker size: fatalities", timeline: "Events and fatalities by day",
      events: "events", fatalities: "fatalities", events_title: "Events", col_date: "Date", col_type: "Type",
      col_actors: "Actors", col_place: "Place", col_fatalities: "Fatalities", col_confidence: "Confidence",
      close: "Close", records: "Records", note: "English note", sources: "Sources", reports: "Merged reports",
      title: "Title", published: "Publication date", text: "Article text", extract: "Extract",
      f_evidence: "evidence", f_location: "place", f_actor1: "actor 1", f_actor2: "actor 2",
      f_fatalities: "fatalities", f_injured: "injured", f_date: "date", f_source: "source",
      d_type: "Type", d_actor1: "Actor 1", d_actor2: "Actor 2", d_place: "Place", d_date: "Date",
      d_fatalities: "Fatalities", d_injured: "Injured", d_confidence: "Confidence", d_outlets: "Outlets",
      n_events: "{n} events", showing: "The table shows {n} of {total} events.", show_more: "Show {n} more", loading: "Loading…",
      no_events: "No events match.", no_records: "No event found in this article.", extracting: "Extracting…",
      pasted: "Pasted article", error: "Error: {m}", no_sources: "none named", report: "report",
      lang_other: "العربية", none: "—", precision: "precision {p}", no_article: "The article is not stored."
    },
    ar: {
      paste: "الصق مقالا", export_csv: "تصدير ACLED CSV", export_geojson: "تصدير GeoJSON", filters: "التصفية",
      from: "من", to: "إلى", type: "نوع الحدث", any: "الكل", actor: "الفاعل", country: "البلد",
      min_confidence: "أدنى ثقة", search: "بحث في النص", apply: "تطبيق", reset: "إعادة ضبط",
      legend: "أنواع الأحداث", size_hint: "حجم العلامة: عدد القتلى", timeline: "الأحداث والقتلى حسب اليوم",
      events: "أحداث", fatalities: "قتلى", events_title: "الأحداث", col_date: "التاريخ", col_type: "النوع",
      col_actors: "الأطراف", col_place: "المكان", col_fatalities: "القتلى", col_confidence: "الثقة",
      close: "إغلاق", records: "السجلات", note: "الملاحظة بالإنجليزية", sources: "المصادر",
      reports: "التقارير المدمجة", title: "العنوان", published: "تاريخ النشر", text: "نص المقال",
      extract: "استخراج", f_evidence: "الدليل", f_location: "المكان", f_actor1: "الفاعل 1",
      f_actor2: "الفاعل 2", f_fatalities: "القتلى", f_injured: "الجرحى", f_date: "التاريخ",
      f_source: "المصدر", d_type: "النوع", d_actor1: "الفاعل 1", d_actor2: "الفاعل 2", d_place: "المكان",
      d_date: "التاريخ", d_fatalities: "القتلى", d_injured: "الجرحى", d_confidence: "الثقة",
      d_outlets: "وسائل الإعلام", n_events: "{n} حدثا", showing: "يعرض الجدول {n} من {total} حدثا.", show_more: "اعرض {n} أخرى",
      loading: "جار التحميل…", no_events: "لا أحداث مطابقة.", no_records: "لم يعثر على أي حدث في هذا المقال.",
      extracting: "جار الاستخراج…", pasted: "مقال ملصق", error: "خطأ: {m}", no_sources: "لم يسم مصدر",
      report: "تقرير", lang_other: "English", none: "—", precision: "الدقة {p}",
      no_article: "المقال غير مخزن."
    }
  };

  // rows drawn in the table at a time (the map gets every event); "?rows=N" sets another page size
  var TABLE_ROWS = Math.max(1, parseInt(new URLSearchParams(window.location.search).get("rows") || "", 10) || 300);
  var MAP_CAP = 20000;        // events fetched for the map at most
  var PAGE = 1000;            // page size asked of /api/events

  var lang = "en";
  try { lang = window.localStorage.getItem("marsad.lang") || "en"; } catch (e) { /* private mode */ }
  if (!I18N[lang]) { lang = "en"; }

  var state = { events: [], total: 0, seq: 0, map: null, cluster: null, view: null, rows: 300 };

  function $(id) { return document.getElementById(id); }
  function t(key, vars) {
    var s = (I18N[lang] && I18N[lang][key]) || I18N.en[key] || key;
    if (vars) { Object.keys(vars).forEach(function (k) { s = s.replace("{" + k + "}", String(vars[k])); }); }
    return s;
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function typeInfo(name) {
    for (var i = 0; i < TYPES.length; i++) { if (TYPES[i].key === name) { return TYPES[i]; } }
    return { key: name || "", cls: "", color: "#777", ar: name || "" };
  }
  function typeLabel(name) { var ti = typeInfo(name); return lang === "ar" ? ti.ar : ti.key; }
  function setStatus(msg, isError) {
    var s = $("status");
    s.textContent = msg || "";
    s.classList.toggle("error", !!isError);
  }

  function getJSON(url, options) {
    return fetch(url, options).then(function (r) {
      if (!r.ok) {
        return r.text().then(function (body) {
          var msg = r.status + " " + r.statusText;
          try { var j = JSON.parse(body); if (j && j.detail) { msg += ": " + JSON.stringify(j.detail); } } catch (e) { /* not JSON */ }
          throw new Error(msg);
        });
      }
      return r.json();
    });
  }

  // ---- language ---------------------------------------------------------------------------------
  function applyLang() {
    var root = document.documentElement;
    root.lang = lang;
    root.dir = lang === "ar" ? "rtl" : "ltr";
    document.querySelectorAll("[data-i18n]").forEach(function (node) {
      node.textContent = t(node.getAttribute("data-i18n"));
    });
    var toggle = $("lang-toggle");
    toggle.textContent = t("lang_other");
    toggle.lang = lang === "ar" ? "en" : "ar";
    buildTypeControls();
    buildFieldLegend();
    renderCount();
    renderTable();
    if (state.view) { renderView(state.view); }
  }

  function buildTypeControls() {
    var select = $("type-select");
    var current = select.value;
    while (select.options.length > 1) { select.remove(1); }
    var legend = $("type-legend");
    clear(legend);
    TYPES.forEach(function (ti) {
      var opt = el("option", null, typeLabel(ti.key));
      opt.value = ti.key;
      select.appendChild(opt);
      var li = el("li");
      li.appendChild(el("span", "swatch " + ti.cls));
      li.appendChild(el("span", null, typeLabel(ti.key)));
      legend.appendChild(li);
    });
    select.value = current;
  }

  function buildFieldLegend() {
    var ul = $("field-legend");
    clear(ul);
    FIELDS.forEach(function (f) { ul.appendChild(el("li", "hl-" + f, t("f_" + f))); });
  }

  // ---- filters ----------------------------------------------------------------------------------
  function filterParams() {
    var form = $("filters");
    var params = new URLSearchParams();
    ["from", "to", "type", "actor", "country", "min_confidence", "q"].forEach(function (name) {
      var v = (form.elements[name].value || "").trim();
      if (v) { params.set(name, v); }
    });
    return params;
  }

  function updateExportLinks(params) {
    [["export-csv", "acled-csv"], ["export-geojson", "geojson"]].forEach(function (pair) {
      var p = new URLSearchParams(params);
      p.set("format", pair[1]);
      $(pair[0]).href = "api/export?" + p.toString();
    });
  }

  function checkExport() {
    // Hide the export links when the server has no /api/export.
    fetch("api/export?format=geojson&limit=1").then(function (r) {
      var ok = r.status !== 404 && r.status !== 405;
      $("export-csv").hidden = !ok;
      $("export-geojson").hidden = !ok;
    }).catch(function () { /* keep them */ });
  }

  function loadAll() {
    var params = filterParams();
    updateExportLinks(params);
    var seq = ++state.seq;
    setStatus(t("loading"));
    var eventsDone = fetchEvents(params, seq);
    var statsDone = getJSON("api/stats?" + params.toString()).then(function (stats) {
      if (seq === state.seq) { renderTimeline(stats.by_day || []); fillCountries(stats.by_country || []); }
    });
    return Promise.all([eventsDone, statsDone]).then(function () {
      if (seq === state.seq) { setStatus(""); }
    }).catch(function (err) { setStatus(t("error", { m: err.message }), true); });
  }

  function fetchEvents(params, seq) {
    var collected = [];
    function page(offset) {
      var p = new URLSearchParams(params);
      p.set("limit", String(PAGE));
      p.set("offset", String(offset));
      return getJSON("api/events?" + p.toString()).then(function (body) {
        if (seq !== state.seq) { return null; }
        var got = body.events || [];
        collected = collected.concat(got);
        var total = typeof body.total === "number" ? body.total : collected.length;
        if (got.length && collected.length < total && collected.length < MAP_CAP) {
          return page(offset + got.length).then(function () { return total; });
        }
        return total;
      });
    }
    return page(0).then(function (total) {
      if (seq !== state.seq || total === null) { return; }
      state.events = collected;
      state.total = total;
      state.rows = TABLE_ROWS;  // a new filter starts the table again from its first page
      renderCount();
      renderMarkers();
      renderTable();
    });
  }

  function fillCountries(rows) {
    var list = $("countries");
    clear(list);
    rows.forEach(function (row) {
      var code = row.country || row.key || row.name;
      if (code) { var opt = el("option"); opt.value = code; list.appendChild(opt); }
    });
  }

  // ---- map --------------------------------------------------------------------------------------
  function initMap() {
    var map = L.map("map", { zoomControl: true, worldCopyJump: true, minZoom: 2, maxZoom: 12 })
      .setView([32, 40], 5);
    map.attributionControl.addAttribution("Natural Earth");
    state.map = map;
    map.createPane("basemap");  // under the markers (app.css gives it its z-index)
    state.cluster = L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 45 });
    map.addLayer(state.cluster);
    // the borders are drawn on one canvas: 240 detailed SVG paths would slow every zoom
    var canvas = L.canvas({ padding: 0.2, pane: "basemap" });
    fetch("vendor/world-atlas/countries-50m.json").then(function (r) { return r.json(); }).then(function (topo) {
      var land = topojson.feature(topo, topo.objects.countries);
      var layer = L.geoJSON(land, {
        interactive: false, renderer: canvas,
        style: function () { return { color: "#8c8c8c", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 }; }
      });
      layer.addTo(map);
      map.getContainer().setAttribute("data-basemap", String(land.features.length));
      return fetch("vendor/natural-earth-admin1/admin1-lines.json");
    }).then(function (r) { return r.json(); }).then(function (data) {
      addAdmin1(map, data, canvas);
    }).catch(function () { /* the markers still show */ });
  }

  // provinces' borders (Natural Earth admin-1 lines, steps in hundredths of a degree): one
  // multi-line on the basemap's canvas, shown from zoom 5 on, where a country is big enough
  function addAdmin1(map, data, canvas) {
    var s = data.scale || 100;
    var lines = data.lines.map(function (flat) {
      var x = flat[0], y = flat[1], pts = [[y / s, x / s]];
      for (var i = 2; i + 1 < flat.length; i += 2) { x += flat[i]; y += flat[i + 1]; pts.push([y / s, x / s]); }
      return pts;
    });
    var layer = L.polyline(lines, {
      interactive: false, renderer: canvas, color: "#a8a8a8", weight: 0.6, dashArray: "3 3"
    });
    function show() {
      if (map.getZoom() >= 5) { if (!map.hasLayer(layer)) { layer.addTo(map); } }
      else if (map.hasLayer(layer)) { map.removeLayer(layer); }
    }
    map.on("zoomend", show);
    show();
    map.getContainer().setAttribute("data-admin1", String(lines.length));
  }

  function radius(ev) {
    var f = ev.fatalities && typeof ev.fatalities.best === "number" ? ev.fatalities.best : 0;
    return Math.min(22, 5 + 2.2 * Math.sqrt(Math.max(0, f)));
  }

  function renderMarkers() {
    var cluster = state.cluster;
    if (!cluster) { return; }
    cluster.clearLayers();
    var markers = [];
    var bounds = [];
    state.events.forEach(function (ev) {
      var loc = ev.location || {};
      if (typeof loc.lat !== "number" || typeof loc.lon !== "number") { return; }
      var m = L.circleMarker([loc.lat, loc.lon], {
        radius: radius(ev), color: "#ffffff", weight: 1, fillColor: typeInfo(ev.event_type).color,
        fillOpacity: 0.85, className: "marker"
      });
      m.bindTooltip(tooltipText(ev));
      m.on("click", function () { openEvent(ev.event_id); });
      markers.push(m);
      bounds.push([loc.lat, loc.lon]);
    });
    cluster.addLayers(markers);
    $("map").setAttribute("data-markers", String(markers.length));
    if (bounds.length && !state.fitted) {
      state.fitted = true;
      state.map.fitBounds(bounds, { padding: [30, 30], maxZoom: 8 });
    }
  }

  function tooltipText(ev) {
    var loc = ev.location || {};
    return [ev.event_date || "", typeLabel(ev.event_type), placeName(loc)].filter(Boolean).join(" · ");
  }

  function placeName(loc) {
    if (!loc) { return ""; }
    var name = lang === "ar" ? (loc.name_ar || loc.name) : (loc.name || loc.name_ar);
    return [name, loc.country].filter(Boolean).join(", ");
  }
  function actorName(a) {
    if (!a) { return ""; }
    return lang === "ar" ? (a.name_ar || a.name || "") : (a.name || a.name_ar || "");
  }
  function count(q) { return q && typeof q.best === "number" ? String(q.best) : (q && q.text ? "?" : "0"); }

  // ---- timeline (SVG) ---------------------------------------------------------------------------
  var SVGNS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs) {
    var node = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }

  function renderTimeline(days) {
    var box = $("timeline");
    clear(box);
    var W = 1000, H = 110, pad = 16;
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, preserveAspectRatio: "none", role: "img", direction: "ltr" });
    days = days.filter(function (d) { return d.date; }).sort(function (a, b) { return a.date < b.date ? -1 : 1; });
    if (!days.length) { box.appendChild(root); return; }
    var maxE = 1, maxF = 1;
    days.forEach(function (d) { maxE = Math.max(maxE, d.events || 0); maxF = Math.max(maxF, d.fatalities || 0); });
    var first = Date.parse(days[0].date), last = Date.parse(days[days.length - 1].date);
    var span = Math.max(1, Math.round((last - first) / 86400000) + 1);
    var slot = (W - 2 * pad) / span;
    var bw = Math.max(1, slot * 0.45);
    var h = H - 28;
    days.forEach(function (d) {
      var i = Math.round((Date.parse(d.date) - first) / 86400000);
      var x = pad + i * slot;
      var he = h * (d.events || 0) / maxE, hf = h * (d.fatalities || 0) / maxF;
      var g = svg("g", { "class": "day", "data-date": d.date });
      var title = svg("title");
      title.textContent = d.date + ": " + (d.events || 0) + " " + t("events") + ", " + (d.fatalities || 0) + " " + t("fatalities");
      g.appendChild(title);
      g.appendChild(svg("rect", { "class": "bar-events", x: x, y: 8 + h - he, width: bw, height: he }));
      g.appendChild(svg("rect", { "class": "bar-fatalities", x: x + bw, y: 8 + h - hf, width: bw, height: hf }));
      root.appendChild(g);
    });
    [[days[0].date, pad, "start"], [days[days.length - 1].date, W - pad, "end"]].forEach(function (a) {
      var txt = svg("text", { "class": "axis", x: a[1], y: H - 4, "text-anchor": a[2] });
      txt.textContent = a[0];
      root.appendChild(txt);
    });
    box.appendChild(root);
  }

  // ---- table ------------------------------------------------------------------------------------
  function renderCount() {
    var c = $("count");
    c.textContent = "(" + t("n_events", { n: state.total }) + ")";
    c.setAttribute("data-total", String(state.total));
  }

  function renderTable() {
    var tbody = document.querySelector("#events tbody");
    clear(tbody);
    var rows = state.events.slice(0, state.rows);
    if (!rows.length) {
      var tr0 = el("tr");
      var td0 = el("td", "hint", t("no_events"));
      td0.colSpan = 6;
      tr0.appendChild(td0);
      tbody.appendChild(tr0);
    }
    rows.forEach(function (ev) {
      var tr = el("tr");
      tr.tabIndex = 0;
      tr.setAttribute("data-event-id", ev.event_id);
      tr.appendChild(el("td", null, ev.event_date || ""));
      var tdType = el("td");
      tdType.appendChild(el("span", "swatch " + typeInfo(ev.event_type).cls));
      tdType.appendChild(document.createTextNode(" " + typeLabel(ev.event_type)));
      tr.appendChild(tdType);
      var actors = actorName(ev.actor1) + (ev.actor2 ? " — " + actorName(ev.actor2) : "");
      tr.appendChild(el("td", null, actors));
      tr.appendChild(el("td", null, placeName(ev.location)));
      tr.appendChild(el("td", "num", count(ev.fatalities)));
      tr.appendChild(el("td", "num", typeof ev.confidence === "number" ? ev.confidence.toFixed(2) : ""));
      tr.addEventListener("click", function () { openEvent(ev.event_id); });
      tr.addEventListener("keydown", function (e) { if (e.key === "Enter") { openEvent(ev.event_id); } });
      tbody.appendChild(tr);
    });
    var more = $("table-more");
    var left = state.events.length - rows.length;
    more.hidden = left <= 0;
    $("table-more-text").textContent = t("showing", { n: rows.length, total: state.events.length });
    $("table-more-button").textContent = t("show_more", { n: Math.min(TABLE_ROWS, Math.max(0, left)) });
  }

  function showMoreRows() {
    state.rows += TABLE_ROWS;
    renderTable();
  }

  // ---- the event view ---------------------------------------------------------------------------
  function openEvent(id) {
    if (!id) { return; }
    setStatus(t("loading"));
    getJSON("api/events/" + encodeURIComponent(id)).then(function (body) {
      var reports = body.reports || [];
      var ev = body.event;
      var pick = reports.filter(function (r) { return r.doc_id === ev.doc_id; })[0] || reports[0] || null;
      state.view = { kind: "event", event: ev, reports: reports, report: pick, article: null, records: null };
      if (window.location.hash !== "#event=" + id) { window.history.replaceState(null, "", "#event=" + id); }
      showPanel("view");
      return loadReport(pick);
    }).then(function () { setStatus(""); }).catch(function (err) { setStatus(t("error", { m: err.message }), true); });
  }

  function loadReport(report) {
    var v = state.view;
    v.report = report;
    var docId = report ? report.doc_id : v.event.doc_id;
    if (!docId) { v.article = null; renderView(v); return Promise.resolve(); }
    return getJSON("api/articles/" + encodeURIComponent(docId)).then(function (art) {
      if (state.view !== v) { return; }
      v.article = art;
      renderView(v);
    }).catch(function (err) { v.article = null; renderView(v); throw err; });
  }

  function showPanel(id) {
    $("view").hidden = id !== "view";
    $("paste").hidden = id !== "paste";
  }
  function closePanels() {
    showPanel(null);
    state.view = null;
    if (window.location.hash) { window.history.replaceState(null, "", window.location.pathname + window.location.search); }
  }

  function spanField(f) { return f === "place" ? "location" : (f === "sources" ? "source" : f); }

  // Split text into text nodes around the spans; each piece is a <mark> naming every field covering it.
  function highlight(container, text, spans) {
    clear(container);
    var cuts = [0, text.length];
    var good = spans.filter(function (s) {
      return typeof s.start === "number" && typeof s.end === "number" && s.start < s.end && s.start >= 0 && s.end <= text.length;
    });
    good.forEach(function (s) { cuts.push(s.start, s.end); });
    cuts = cuts.filter(function (c, i, a) { return a.indexOf(c) === i; }).sort(function (a, b) { return a - b; });
    for (var i = 0; i + 1 < cuts.length; i++) {
      var a = cuts[i], b = cuts[i + 1];
      var piece = text.slice(a, b);
      var fields = [];
      good.forEach(function (s) {
        var f = spanField(s.field);
        if (s.start <= a && s.end >= b && fields.indexOf(f) < 0) { fields.push(f); }
      });
      if (!fields.length) { container.appendChild(document.createTextNode(piece)); continue; }
      // evidence first, then the narrower fields, so the field's colour wins over the evidence's
      fields.sort(function (x, y) { return (x === "evidence" ? 0 : 1) - (y === "evidence" ? 0 : 1); });
      var mark = el("mark", "hl " + fields.map(function (f) { return "hl-" + f; }).join(" "), piece);
      mark.setAttribute("data-fields", fields.join(" "));
      mark.title = fields.map(function (f) { return t("f_" + f); }).join(", ");
      container.appendChild(mark);
    }
  }

  function recordSpans(spans, recordId) {
    var mine = spans.filter(function (s) { return s.record_id === recordId; });
    return mine.length || recordId === undefined ? mine : spans;
  }

  function addField(dl, key, value) {
    if (value === null || value === undefined || value === "") { return; }
    dl.appendChild(el("dt", null, t(key)));
    var dd = el("dd", null, value);
    dl.appendChild(dd);
  }

  function describeQty(q) {
    if (!q) { return null; }
    var s = typeof q.best === "number" ? String(q.best) : "?";
    if (q.approximate) { s = "~" + s; }
    if (q.text) { s += " (" + q.text + ")"; }
    return s;
  }

  function renderRecord(rec) {
    $("note").textContent = rec ? (rec.notes || "") : "";
    var dl = $("fields");
    clear(dl);
    var srcs = $("sources");
    clear(srcs);
    if (!rec) { return; }
    addField(dl, "d_type", typeLabel(rec.event_type) + (rec.sub_event_type ? " / " + rec.sub_event_type : ""));
    addField(dl, "d_date", rec.event_date);
    var a1 = rec.actor1;
    if (a1) { addField(dl, "d_actor1", [a1.name, a1.name_ar].filter(Boolean).join(" · ") + (a1.inter ? " [" + a1.inter + "]" : "")); }
    var a2 = rec.actor2;
    if (a2) { addField(dl, "d_actor2", [a2.name, a2.name_ar].filter(Boolean).join(" · ") + (a2.inter ? " [" + a2.inter + "]" : "")); }
    var loc = rec.location;
    if (loc) {
      var parts = [loc.name, loc.name_ar, loc.admin1, loc.country].filter(Boolean).join(", ");
      if (loc.geo_precision) { parts += " (" + t("precision", { p: loc.geo_precision }) + ")"; }
      addField(dl, "d_place", parts);
    }
    addField(dl, "d_fatalities", describeQty(rec.fatalities));
    addField(dl, "d_injured", describeQty(rec.injured));
    addField(dl, "d_confidence", typeof rec.confidence === "number" ? rec.confidence.toFixed(2) : null);
    var outlets = rec.outlets || (rec.outlet ? [rec.outlet] : []);
    addField(dl, "d_outlets", outlets.join("، "));
    var list = rec.sources || [];
    if (!list.length) { srcs.appendChild(el("li", "hint", t("no_sources"))); }
    list.forEach(function (s) {
      var li = el("li", null, [s.name, s.name_ar].filter(Boolean).join(" · ") + (s.kind ? " (" + s.kind + ")" : ""));
      srcs.appendChild(li);
    });
  }

  function renderView(v) {
    var art = v.article;
    var articleBox = $("article");
    var meta = $("article-meta");
    $("records-box").hidden = v.kind !== "paste";
    $("reports-box").hidden = v.kind !== "event";
    if (v.kind === "event") {
      var ev = v.event;
      $("view-title").textContent = [ev.event_date, typeLabel(ev.event_type), placeName(ev.location)].filter(Boolean).join(" · ");
      var rid = v.report ? v.report.record_id : undefined;
      var rec = v.report && v.report.record ? v.report.record : ev;
      renderRecord(ev.notes ? ev : rec);
      if (art) {
        meta.textContent = [art.outlet, art.published, art.url].filter(Boolean).join(" · ");
        highlight(articleBox, art.full_text || art.text || "", recordSpans(art.spans || [], rid));
      } else {
        meta.textContent = t("no_article");
        clear(articleBox);
      }
      var ul = $("reports");
      clear(ul);
      v.reports.forEach(function (r) {
        var li = el("li", r === v.report ? "current" : null,
          [r.outlet || r.doc_id, r.published, r.reason].filter(Boolean).join(" · "));
        li.tabIndex = 0;
        li.setAttribute("data-doc-id", r.doc_id || "");
        li.addEventListener("click", function () {
          loadReport(r).catch(function (err) { setStatus(t("error", { m: err.message }), true); });
        });
        ul.appendChild(li);
      });
    } else {
      $("view-title").textContent = t("pasted");
      var recs = v.records || [];
      var chosen = recs[v.index || 0] || null;
      renderRecord(chosen);
      meta.textContent = recs.length ? "" : t("no_records");
      var chosenId = chosen ? (chosen.event_id || chosen.record_id) : undefined;
      highlight(articleBox, v.full_text || "", chosen ? recordSpans(v.spans || [], chosenId) : []);
      var rl = $("records");
      clear(rl);
      recs.forEach(function (r, i) {
        var li = el("li", i === (v.index || 0) ? "current" : null,
          [typeLabel(r.event_type), r.sub_event_type, placeName(r.location), r.event_date].filter(Boolean).join(" · "));
        li.tabIndex = 0;
        li.addEventListener("click", function () { v.index = i; renderView(v); });
        rl.appendChild(li);
      });
    }
  }

  // ---- paste an article -------------------------------------------------------------------------
  function submitPaste(e) {
    e.preventDefault();
    var form = $("paste-form");
    var payload = { text: form.elements.text.value };
    if (form.elements.title.value.trim()) { payload.title = form.elements.title.value.trim(); }
    if (form.elements.published.value) { payload.published = form.elements.published.value; }
    setStatus(t("extracting"));
    getJSON("api/extract", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload)
    }).then(function (body) {
      state.view = { kind: "paste", records: body.records || [], full_text: body.full_text || payload.text,
        spans: body.spans || [], index: 0 };
      showPanel("view");
      renderView(state.view);
      setStatus("");
    }).catch(function (err) { setStatus(t("error", { m: err.message }), true); });
  }

  // ---- start ------------------------------------------------------------------------------------
  function start() {
    applyLang();
    $("lang-toggle").addEventListener("click", function () {
      lang = lang === "ar" ? "en" : "ar";
      try { window.localStorage.setItem("marsad.lang", lang); } catch (e) { /* private mode */ }
      applyLang();
    });
    $("filters").addEventListener("submit", function (e) { e.preventDefault(); loadAll(); });
    $("filters").addEventListener("reset", function () { window.setTimeout(loadAll, 0); });
    $("type-select").addEventListener("change", function () { loadAll(); });
    $("view-close").addEventListener("click", closePanels);
    $("table-more-button").addEventListener("click", showMoreRows);
    $("paste-close").addEventListener("click", closePanels);
    $("paste-open").addEventListener("click", function () { showPanel("paste"); });
    $("paste-form").addEventListener("submit", submitPaste);
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") { closePanels(); } });
    initMap();
    checkExport();
    loadAll().then(function () {
      var m = /^#event=(.+)$/.exec(window.location.hash);
      if (m) { openEvent(decodeURIComponent(m[1])); }
      document.body.setAttribute("data-ready", "1");
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
