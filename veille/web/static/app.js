// veille's web application: views over the HTTP API, with no network beyond this server.
// Every text that comes from the store is put into the page as text (textContent, attribute
// values), never as markup, so an article's <script>, <img onerror> or javascript: link is
// shown, never run.

const d3 = window.d3;
const topojson = window.topojson;

const TYPES = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
];
const PALETTE = [
  "#4e79a7", "#59a14f", "#76b7b2", "#8cd17d", "#499894", "#2f7d32", "#a0cbe8", "#f1ce63",
  "#b07aa1", "#ff9d9a", "#e15759", "#d4a6c8", "#9d7660", "#f28e2b", "#bab0ac", "#b6202b",
];
const colour = (type) => PALETTE[Math.max(0, TYPES.indexOf(type))] || "#888";
const MULTI = ["type", "status", "lang", "country", "mode"];
const SINGLE = ["actor", "entity", "place", "q", "since", "until", "doc", "story"];
const FACETS = [["type", "Type"], ["status", "Status"], ["lang", "Language"],
  ["country", "Country"], ["actor", "Actor"], ["mode", "Mode"]];

// ------------------------------------------------------------------ small helpers

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = String(value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function route(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of [].concat(value)) if (v !== "" && v !== null && v !== undefined) query.append(key, v);
  }
  const text = query.toString();
  return "#" + path + (text ? "?" + text : "");
}

function link(text, path, params, attrs = {}) {
  return el("a", { href: route(path, params), ...attrs }, text);
}

async function api(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of [].concat(value)) if (v !== "" && v !== null && v !== undefined) query.append(key, v);
  }
  const text = query.toString();
  const response = await fetch("/api" + path + (text ? "?" + text : ""));
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function status(text) {
  document.getElementById("status").textContent = text;
}

const shownDate = (event) => {
  const date = event.date || event.published;
  if (!date) return "";
  if (event.date && (event.date_precision === "month" || event.date_precision === "season")) return date.slice(0, 7);
  if (event.date && event.date_precision === "year") return date.slice(0, 4);
  return date;
};

function amount(value) {
  if (Math.abs(value) >= 1e9) return `${+(value / 1e9).toFixed(2)} bn`;
  if (Math.abs(value) >= 1e6) return `${+(value / 1e6).toFixed(2)} m`;
  return `${+value.toFixed(2)}`;
}

// ------------------------------------------------------------------ state in the address

function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/events";
  const [path, query = ""] = raw.split("?");
  const params = new URLSearchParams(query);
  const filters = {};
  for (const key of MULTI) filters[key] = params.getAll(key);
  for (const key of SINGLE) filters[key] = params.get(key) || "";
  const extra = {};
  for (const [key, value] of params) if (!MULTI.includes(key) && !SINGLE.includes(key)) extra[key] = value;
  return { parts: path.split("/").filter(Boolean).map(decodeURIComponent), filters, extra };
}

function filterParams(filters) {
  const out = {};
  for (const key of [...MULTI, ...SINGLE]) {
    const value = filters[key];
    if (Array.isArray(value) ? value.length : value) out[key] = value;
  }
  return out;
}

let current = parseHash();

function go(path, filters = current.filters, extra = {}) {
  location.hash = route(path, { ...filterParams(filters), ...extra });
}

function viewPath() {
  return "/" + current.parts.map(encodeURIComponent).join("/");
}

function setFilter(key, value) {
  const filters = { ...current.filters, [key]: value };
  if (key === "entity" && !value) filters.entityName = "";
  go(viewPath(), filters, current.extra.entityName && key !== "entity" ? { entityName: current.extra.entityName } : {});
}

function toggle(key, value) {
  const values = new Set(current.filters[key]);
  if (values.has(value)) values.delete(value); else values.add(value);
  setFilter(key, [...values]);
}

// ------------------------------------------------------------------ the filter bar

const form = document.getElementById("filters");
form.addEventListener("submit", (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const filters = { ...current.filters };
  for (const key of ["q", "actor", "since", "until"]) filters[key] = (data.get(key) || "").trim();
  go(viewPath(), filters, current.extra.entityName ? { entityName: current.extra.entityName } : {});
});

function renderChips() {
  const chips = document.getElementById("chips");
  chips.replaceChildren();
  for (const key of ["q", "actor", "since", "until"]) form.elements[key].value = current.filters[key] || "";
  const add = (label, onclick) => chips.append(
    el("button", { type: "button", class: "chip", title: "Remove this filter", onclick }, label, " ×"));
  for (const key of MULTI) {
    for (const value of current.filters[key]) add(`${key}: ${value}`, () => toggle(key, value));
  }
  for (const key of SINGLE) {
    const value = current.filters[key];
    if (!value) continue;
    const label = key === "entity" ? `actor: ${current.extra.entityName || value}` : `${key}: ${value}`;
    add(label, () => setFilter(key, ""));
  }
  if (chips.children.length) {
    chips.append(el("button", { type: "button", class: "chip clear", onclick: () => go(viewPath(), {}) }, "clear all"));
  }
}

// ------------------------------------------------------------------ views

const views = {};

views.events = async (main) => {
  const f = current.filters;
  const sort = current.extra.sort || "date";
  const order = current.extra.order || "asc";
  const [facets, page] = await Promise.all([
    api("/events/facets", filterParams(f)),
    api("/events", { ...filterParams(f), sort, order, limit: 100 }),
  ]);
  const side = el("aside", { class: "facets" });
  for (const [key, title] of FACETS) {
    const values = facets[key];
    if (!values.length) continue;
    const list = el("ul");
    for (const v of values) {
      const on = key === "actor" ? f.entity === v.value : f[key].includes(v.value);
      const pick = () => {
        if (key !== "actor") return toggle(key, v.value);
        const filters = { ...current.filters, entity: on ? "" : v.value };
        go(viewPath(), filters, on ? {} : { entityName: v.label });
      };
      list.append(el("li", {},
        el("label", {},
          el("input", { type: "checkbox", checked: on, onchange: pick, dataset: { facet: key, value: v.value } }),
          " ", v.label, " ", el("span", { class: "n" }, v.n))));
    }
    side.append(el("section", { class: "facet", dataset: { facet: key } }, el("h3", {}, title), list));
  }
  const columns = [["date", "Date"], ["type", "Type"], ["mode", "Mode"], ["source", "Source"],
    ["target", "Target"], ["location", "Place"], ["status", "Status"], [null, "Evidence"]];
  const head = el("tr", {}, columns.map(([key, label]) => {
    if (!key) return el("th", {}, label);
    const active = key === sort;
    const next = active && order === "asc" ? "desc" : "asc";
    const arrow = active ? (order === "asc" ? " ▲" : " ▼") : "";
    return el("th", { class: active ? "sorted" : "" },
      link(label + arrow, "/events", { ...filterParams(f), sort: key, order: next }, { class: "sort", dataset: { sort: key } }));
  }));
  const body = el("tbody");
  const focus = current.extra.focus;
  const addRows = (items) => {
    for (const e of items) {
      const open = () => go(`/doc/${encodeURIComponent(e.doc)}`, current.filters, { event: e.idx });
      const row = el("tr", {
        class: "event-row" + (focus !== undefined && e.doc === f.doc && String(e.idx) === focus ? " focus" : ""),
        tabindex: 0, title: "Open the sentence in its article", onclick: open,
        onkeydown: (ev) => { if (ev.key === "Enter") open(); },
        dataset: { doc: e.doc, idx: e.idx },
      },
        el("td", { class: "nowrap" }, shownDate(e)),
        el("td", {}, el("span", { class: "type", style: null, dataset: { type: e.type } }, e.type)),
        el("td", {}, e.mode || ""), el("td", {}, e.source || ""), el("td", {}, e.target || ""),
        el("td", {}, e.location || ""), el("td", {}, e.status),
        el("td", { class: "evidence" }, e.evidence));
      row.querySelector(".type").style.background = colour(e.type);
      body.append(row);
    }
  };
  addRows(page.items);
  let next = page.next;
  const more = el("button", { type: "button", class: "more", hidden: !next }, "More");
  more.addEventListener("click", async () => {
    const got = await api("/events", { ...filterParams(f), sort, order, limit: 100, cursor: next });
    addRows(got.items);
    next = got.next;
    more.hidden = !next;
  });
  const exportLinks = el("span", { class: "exports" }, "Download: ",
    el("a", { href: "/api/events?" + new URLSearchParams({ ...flat(filterParams(f)), limit: 1000, format: "csv" }) }, "CSV"), " · ",
    el("a", { href: "/api/events?" + new URLSearchParams({ ...flat(filterParams(f)), limit: 1000, format: "parquet" }) }, "Parquet"));
  main.replaceChildren(el("div", { class: "with-side" }, side,
    el("section", { class: "table-view" },
      el("p", { class: "count" }, el("strong", { id: "event-count" }, facets.total), ` event${facets.total === 1 ? "" : "s"} `, exportLinks),
      el("table", { class: "events" }, el("thead", {}, head), body), more)));
  const focused = body.querySelector("tr.focus");
  if (focused) focused.scrollIntoView({ block: "center" });
  status(`${facets.total} events`);
};

function flat(params) {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) for (const v of [].concat(value)) out.append(key, v);
  return Object.fromEntries(out);
}

views.timeline = async (main) => {
  const f = current.filters;
  const { days } = await api("/events/timeline", filterParams({ ...f, since: "", until: "" }));
  const width = Math.max(640, main.clientWidth - 40), height = 320;
  const margin = { top: 16, right: 16, bottom: 36, left: 36 };
  const svg = d3.create("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("class", "timeline")
    .attr("role", "img").attr("aria-label", "Events per day by type");
  main.replaceChildren(el("h2", {}, "Events per day"),
    el("p", { class: "hint" }, "Drag across the chart to filter every view to those days."), svg.node(),
    el("div", { class: "legend" }));
  if (!days.length) { main.append(el("p", {}, "No dated events.")); return; }
  const parse = d3.utcParse("%Y-%m-%d");
  const byDay = d3.rollup(days, (v) => Object.fromEntries(v.map((d) => [d.type, d.n])), (d) => d.day);
  const types = TYPES.filter((t) => days.some((d) => d.type === t));
  const rows = [...byDay].map(([day, counts]) => ({ day: parse(day), ...Object.fromEntries(types.map((t) => [t, counts[t] || 0])) }))
    .sort((a, b) => a.day - b.day);
  const first = d3.utcDay.offset(rows[0].day, -1), last = d3.utcDay.offset(rows[rows.length - 1].day, 2);
  const x = d3.scaleUtc().domain([first, last]).range([margin.left, width - margin.right]);
  const stack = d3.stack().keys(types)(rows);
  const y = d3.scaleLinear().domain([0, d3.max(stack, (s) => d3.max(s, (d) => d[1])) || 1]).nice()
    .range([height - margin.bottom, margin.top]);
  const barWidth = Math.max(3, Math.min(24, (x(d3.utcDay.offset(first, 1)) - x(first)) * 0.8));
  svg.append("g").selectAll("g").data(stack).join("g").attr("fill", (s) => colour(s.key))
    .attr("data-type", (s) => s.key)
    .selectAll("rect").data((s) => s.filter((d) => d[1] > d[0])).join("rect").attr("class", "bar")
    .attr("x", (d) => x(d.data.day) - barWidth / 2).attr("width", barWidth)
    .attr("y", (d) => y(d[1])).attr("height", (d) => y(d[0]) - y(d[1]))
    .append("title").text(function (d) { return `${d3.utcFormat("%Y-%m-%d")(d.data.day)} ${this.parentNode.parentNode.dataset.type}: ${d[1] - d[0]}`; });
  svg.append("g").attr("transform", `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(8));
  svg.append("g").attr("transform", `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(5).tickFormat(d3.format("d")));
  const fmt = d3.utcFormat("%Y-%m-%d");
  const brush = d3.brushX().extent([[margin.left, margin.top], [width - margin.right, height - margin.bottom]])
    .on("end", (event) => {
      if (!event.sourceEvent) return;
      if (!event.selection) { setFilters({ since: "", until: "" }); return; }
      const [a, b] = event.selection.map(x.invert);
      setFilters({ since: fmt(d3.utcDay.ceil(a)), until: fmt(d3.utcDay.floor(b)) });
    });
  const g = svg.append("g").attr("class", "brush").call(brush);
  if (f.since || f.until) {
    const a = f.since ? parse(f.since) : first, b = f.until ? d3.utcDay.offset(parse(f.until), 1) : last;
    g.call(brush.move, [x(a), x(b)]);
  }
  const legend = main.querySelector(".legend");
  for (const t of types) legend.append(el("span", { class: "key" }, el("i", { class: "swatch", dataset: { type: t } }), t));
  for (const i of legend.querySelectorAll(".swatch")) i.style.background = colour(i.dataset.type);
  status(`${d3.sum(days, (d) => d.n)} dated events over ${byDay.size} days`);
};

function setFilters(values) {
  go(viewPath(), { ...current.filters, ...values }, current.extra.entityName ? { entityName: current.extra.entityName } : {});
}

let world = null;
async function loadWorld() {
  if (!world) world = await (await fetch("/static/vendor/world-atlas/countries-110m.json")).json();
  return world;
}

views.map = async (main) => {
  const [atlas, { places }] = await Promise.all([loadWorld(), api("/events/map", filterParams(current.filters))]);
  const width = Math.max(640, main.clientWidth - 40), height = Math.round(width * 0.52);
  const countries = topojson.feature(atlas, atlas.objects.countries);
  const projection = d3.geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
  const path = d3.geoPath(projection);
  const svg = d3.create("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("class", "map")
    .attr("role", "img").attr("aria-label", "Event places");
  svg.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
  const involved = new Set(places.map((p) => p.country_numeric).filter(Boolean));
  svg.append("g").selectAll("path").data(countries.features).join("path")
    .attr("class", (d) => "country" + (involved.has(d.id) ? " involved" : "")).attr("d", path)
    .append("title").text((d) => d.properties.name);
  const byId = new Map(countries.features.map((c) => [c.id, c]));
  const marks = [];
  for (const p of places) {
    let xy = null;
    if (p.latitude !== null && p.longitude !== null) xy = projection([p.longitude, p.latitude]);
    else if (p.country_numeric && byId.has(p.country_numeric)) xy = path.centroid(byId.get(p.country_numeric));
    if (xy && Number.isFinite(xy[0])) marks.push({ ...p, xy });
  }
  const r = d3.scaleSqrt().domain([0, d3.max(marks, (m) => m.n) || 1]).range([0, 18]);
  svg.append("g").selectAll("circle").data(marks).join("circle").attr("class", "place")
    .attr("cx", (m) => m.xy[0]).attr("cy", (m) => m.xy[1]).attr("r", (m) => Math.max(4, r(m.n)))
    .attr("fill", (m) => colour(m.types[0].value)).attr("data-place", (m) => m.name)
    .on("click", (_event, m) => setFilters({ place: m.name }))
    .append("title").text((m) => `${m.name}: ${m.n} event${m.n === 1 ? "" : "s"} (${m.types.map((t) => `${t.value} ${t.n}`).join(", ")})`);
  svg.append("g").selectAll("text").data(marks).join("text").attr("class", "place-label")
    .attr("x", (m) => m.xy[0] + Math.max(4, r(m.n)) + 2).attr("y", (m) => m.xy[1] + 4).text((m) => m.name);
  const unplaced = places.length - marks.length;
  main.replaceChildren(el("h2", {}, "Where events happened"),
    el("p", { class: "hint" }, "Circles grow with the number of events and take the colour of the most frequent type; click one to filter to that place."),
    svg.node(), el("p", { class: "note" }, `${marks.length} places shown` + (unplaced ? `, ${unplaced} without coordinates` : "")));
  status(`${d3.sum(places, (p) => p.n)} located events at ${places.length} places`);
};

views.network = async (main) => {
  const { nodes, edges } = await api("/events/network", filterParams(current.filters));
  const width = Math.max(640, main.clientWidth - 40), height = 520;
  const svg = d3.create("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("class", "network")
    .attr("role", "img").attr("aria-label", "Who acts on whom");
  main.replaceChildren(el("h2", {}, "Who acts on whom"),
    el("p", { class: "hint" }, "Arrows go from source to target, wider for more events; green for cooperation, red for conflict (PLOVER quad classes). Click an actor to filter every view to it."),
    svg.node());
  if (!nodes.length) { main.append(el("p", {}, "No events with both actors known.")); return; }
  const simNodes = nodes.map((n) => ({ ...n, id: n.key }));
  const links = edges.map((e) => ({ ...e, source: e.source_key, target: e.target_key }));
  const sim = d3.forceSimulation(simNodes)
    .force("link", d3.forceLink(links).id((n) => n.id).distance(120))
    .force("charge", d3.forceManyBody().strength(-420))
    .force("center", d3.forceCenter(width / 2, height / 2))
    .force("collide", d3.forceCollide(30)).stop();
  for (let i = 0; i < 300; i++) sim.tick();
  for (const n of simNodes) { n.x = Math.max(40, Math.min(width - 40, n.x)); n.y = Math.max(20, Math.min(height - 20, n.y)); }
  const defs = svg.append("defs");
  for (const [name, fill] of [["coop", "#2e7d32"], ["conflict", "#c62828"], ["other", "#777"]]) {
    defs.append("marker").attr("id", `arrow-${name}`).attr("viewBox", "0 -5 10 10").attr("refX", 22)
      .attr("markerUnits", "userSpaceOnUse").attr("markerWidth", 9).attr("markerHeight", 9).attr("orient", "auto")
      .append("path").attr("d", "M0,-5L10,0L0,5").attr("fill", fill);
  }
  const kind = (e) => (e.conflict > e.cooperation ? "conflict" : e.cooperation > 0 ? "coop" : "other");
  const w = d3.scaleLinear().domain([1, d3.max(links, (e) => e.n) || 1]).range([1.5, 7]);
  svg.append("g").selectAll("line").data(links).join("line").attr("class", (e) => `edge ${kind(e)}`)
    .attr("x1", (e) => e.source.x).attr("y1", (e) => e.source.y).attr("x2", (e) => e.target.x).attr("y2", (e) => e.target.y)
    .attr("stroke-width", (e) => w(e.n)).attr("marker-end", (e) => `url(#arrow-${kind(e)})`)
    .append("title").text((e) => `${e.source.name} → ${e.target.name}: ${e.types.map((t) => `${t.value} ${t.n}`).join(", ")}`);
  const size = d3.scaleSqrt().domain([1, d3.max(simNodes, (n) => n.events) || 1]).range([6, 16]);
  const g = svg.append("g").selectAll("g").data(simNodes).join("g").attr("class", (n) => "node" + (current.filters.entity === n.key ? " selected" : ""))
    .attr("transform", (n) => `translate(${n.x},${n.y})`).attr("data-key", (n) => n.key).attr("tabindex", 0)
    .on("click", (_event, n) => go(viewPath(), { ...current.filters, entity: current.filters.entity === n.key ? "" : n.key },
      current.filters.entity === n.key ? {} : { entityName: n.name }));
  g.append("circle").attr("r", (n) => size(n.events));
  g.append("text").attr("x", (n) => size(n.events) + 3).attr("y", 4).text((n) => n.name);
  g.append("title").text((n) => `${n.name}: ${n.events} events`);
  status(`${nodes.length} actors, ${edges.length} links`);
};

views.aid = async (main) => {
  const { flows } = await api("/aid", filterParams(current.filters));
  const sums = (amounts) => el("div", { class: "amounts" }, amounts.length
    ? amounts.map((a) => el("span", { class: `amount ${a.kind}` }, a.kind === "money" ? `${amount(a.value)} ${a.unit}` : `${amount(a.value)} ${a.unit}`))
    : "—");
  const body = el("tbody");
  for (const f of flows) {
    const figures = el("ul", { class: "figures" }, f.figures.map((g) => el("li", {},
      link(`${amount(g.value)} ${g.unit}`, `/doc/${encodeURIComponent(g.doc)}`, { ...filterParams(current.filters), event: g.event_idx, hl: `${g.start}-${g.end}` },
        { class: "figure", title: g.evidence, dataset: { doc: g.doc } }),
      " ", el("span", { class: "status" }, g.pledged ? "pledged" : "delivered"), " — ", el("q", {}, g.text))));
    body.append(el("tr", { class: "flow" },
      el("td", {}, f.donor), el("td", {}, f.recipient), el("td", { class: "num" }, f.events),
      el("td", {}, sums(f.pledged)), el("td", {}, sums(f.delivered)), el("td", {}, figures)));
  }
  main.replaceChildren(el("h2", {}, "Aid by donor and recipient"),
    el("p", { class: "hint" }, "Pledged: announced or conditional; delivered: reported as done. Every figure links to its sentence."),
    flows.length ? el("table", { class: "aid" },
      el("thead", {}, el("tr", {}, ["Donor", "Recipient", "Events", "Pledged", "Delivered", "Figures"].map((h) => el("th", {}, h)))), body)
      : el("p", {}, "No aid with amounts for these filters."));
  status(`${flows.length} donor–recipient pairs`);
};

views.quotes = async (main) => {
  const f = current.filters;
  const speaker = current.extra.speaker || "";
  const page = await api("/quotes", { speaker, doc: f.doc, since: f.since, until: f.until, lang: f.lang, limit: 1000 });
  const groups = d3.group(page.items, (q) => q.speaker || "(unknown speaker)");
  const box = el("input", { type: "search", placeholder: "Speaker", value: speaker, "aria-label": "Speaker" });
  const search = el("form", { class: "inline", onsubmit: (ev) => { ev.preventDefault(); go("/quotes", current.filters, { speaker: box.value.trim() }); } }, box, el("button", {}, "Find"));
  const list = el("div", { class: "quotes" });
  for (const [who, items] of [...groups].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
    list.append(el("section", { class: "speaker", dataset: { speaker: who } }, el("h3", {}, who, " ", el("span", { class: "n" }, items.length)),
      el("ul", {}, items.map((q) => el("li", {}, el("blockquote", {}, q.text), " ",
        link(q.published || q.doc, `/doc/${encodeURIComponent(q.doc)}`, { hl: `${q.start}-${q.end}` }, { class: "source" }))))));
  }
  main.replaceChildren(el("h2", {}, "Quotes by speaker"), search, list);
  status(`${page.items.length} quotes by ${groups.size} speakers`);
};

views.documents = async (main) => {
  const page = await api("/documents", { lang: current.filters.lang, since: current.filters.since, until: current.filters.until, limit: 200 });
  main.replaceChildren(el("h2", {}, "Documents"), el("table", { class: "documents" },
    el("thead", {}, el("tr", {}, ["Published", "Title", "Language", "Events", "Entities", "Amounts", "Quotes"].map((h) => el("th", {}, h)))),
    el("tbody", {}, page.items.map((d) => el("tr", {},
      el("td", { class: "nowrap" }, d.published || ""), el("td", {}, link(d.title || d.id, `/doc/${encodeURIComponent(d.id)}`, {})),
      el("td", {}, d.language || ""), el("td", { class: "num" }, d.events), el("td", { class: "num" }, d.entities),
      el("td", { class: "num" }, d.quantities), el("td", { class: "num" }, d.quotes))))));
  status(`${page.items.length} documents`);
};

views.doc = async (main) => {
  const id = current.parts[1];
  const doc = await api(`/documents/${encodeURIComponent(id)}`);
  const chars = Array.from(doc.text); // offsets count code points, as Python does
  const spans = [];
  doc.events.forEach((e) => spans.push({ kind: "event", start: e.start, end: e.end, item: e,
    label: `${e.type}: ${e.source || "?"} → ${e.target || "?"}`, href: route("/events", { doc: doc.id, focus: e.idx }) }));
  doc.entities.forEach((ent) => ent.mentions.forEach((m) => spans.push({ kind: "entity", start: m.start, end: m.end, item: ent,
    label: `${ent.type}: ${ent.name}`, href: route(`/entity/${encodeURIComponent(ent.key)}`) })));
  doc.quantities.forEach((q) => spans.push({ kind: "quantity", start: q.start, end: q.end, item: q,
    label: `${amount(q.value)} ${q.unit === "items" ? q.what : q.unit}`,
    href: q.event_idx !== null ? route("/events", { doc: doc.id, focus: q.event_idx }) : route("/aid", { doc: doc.id }) }));
  doc.quotes.forEach((q) => spans.push({ kind: "quote", start: q.start, end: q.end, item: q,
    label: `quote: ${q.speaker || "unknown speaker"}`, href: route("/quotes", { doc: doc.id, speaker: q.speaker || "" }) }));
  const focusEvent = current.extra.event !== undefined ? Number(current.extra.event) : null;
  const [hlStart, hlEnd] = (current.extra.hl || "").split("-").map(Number);
  const segments = doc.segments.length ? doc.segments : [{ kind: "body", start: 0, end: chars.length }];
  const text = el("article", { class: "reader", lang: doc.language || "" });
  const popup = el("div", { class: "popup", hidden: true });
  for (const seg of segments) {
    const bounds = new Set([seg.start, seg.end]);
    for (const s of spans) {
      if (s.end <= seg.start || s.start >= seg.end) continue;
      bounds.add(Math.max(s.start, seg.start));
      bounds.add(Math.min(s.end, seg.end));
    }
    const cuts = [...bounds].sort((a, b) => a - b);
    const block = el(seg.kind === "title" ? "h2" : "p", { class: `segment seg-${seg.kind}`, title: seg.kind === "body" ? null : seg.kind });
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [a, b] = [cuts[i], cuts[i + 1]];
      const piece = chars.slice(a, b).join("");
      const covering = spans.filter((s) => s.start <= a && b <= s.end);
      if (!covering.length) { block.append(piece); continue; }
      const kinds = [...new Set(covering.map((s) => s.kind))];
      const focused = covering.some((s) => s.kind === "event" && s.item.idx === focusEvent) || (hlEnd > hlStart && hlStart <= a && b <= hlEnd);
      const node = el("span", { class: kinds.map((k) => `hl-${k}`).join(" ") + (focused ? " focus" : ""), tabindex: 0,
        dataset: { start: a, end: b } }, piece);
      node.addEventListener("click", (ev) => {
        popup.replaceChildren(el("ul", {}, covering.map((s) => el("li", { class: `ref-${s.kind}` }, el("a", { href: s.href }, s.label)))));
        popup.hidden = false;
        popup.style.left = `${ev.pageX + 8}px`;
        popup.style.top = `${ev.pageY + 8}px`;
        ev.stopPropagation();
      });
      block.append(node);
    }
    text.append(block);
  }
  document.addEventListener("click", () => { popup.hidden = true; }, { once: true });
  const meta = el("p", { class: "meta" }, [doc.published, doc.language, doc.source, doc.url].filter(Boolean).join(" · "));
  const keyOf = el("p", { class: "key" }, "Highlights: ", el("span", { class: "hl-event" }, "event sentence"), " ",
    el("span", { class: "hl-entity" }, "entity"), " ", el("span", { class: "hl-quantity" }, "amount"), " ",
    el("span", { class: "hl-quote" }, "quote"), " ", el("span", { class: "seg-furniture" }, "page furniture"), " — click one for its rows.");
  main.replaceChildren(el("div", { class: "doc-head" }, el("h2", { class: "doc-title" }, doc.title || doc.id), meta, keyOf), text, popup);
  const target = text.querySelector(".focus");
  if (target) target.scrollIntoView({ block: "center" });
  status(`${doc.id}: ${doc.events.length} events, ${doc.quantities.length} amounts, ${doc.quotes.length} quotes`);
};

views.entity = async (main) => {
  const key = current.parts[1];
  const e = await api(`/entities/${encodeURIComponent(key)}`);
  main.replaceChildren(el("h2", {}, e.name, " ", el("span", { class: "n" }, e.type)),
    el("p", { class: "meta" }, [e.id, e.country, e.role, `${e.mentions} mentions in ${e.documents} documents`].filter(Boolean).join(" · ")),
    el("p", {}, el("button", { type: "button", onclick: () => go("/events", { ...current.filters, entity: e.id }, { entityName: e.name }) }, "Filter every view to this actor")),
    el("h3", {}, "Written as"), el("p", {}, e.surface_forms.map((s) => `${s.text} ×${s.n}`).join(", ")),
    el("h3", {}, "Events"), el("ul", {}, e.events.map((ev) => el("li", {}, shownDate(ev), " ", ev.type, " ", `${ev.source || "?"} → ${ev.target || "?"}`, " — ",
      link(ev.evidence, `/doc/${encodeURIComponent(ev.doc)}`, { event: ev.idx })))));
  status(`${e.name}`);
};

views.stories = async (main) => {
  const s = await api("/stories");
  if (!s.available) {
    main.replaceChildren(el("h2", {}, "Stories"), el("p", { class: "notice" }, "No stories to show: ", s.reason, "."));
    status("no stories");
    return;
  }
  main.replaceChildren(el("h2", {}, "Stories"), el("ul", { class: "stories" }, s.items.map((st) => el("li", {},
    link(st.title, "/events", { story: st.id }), ` — ${st.events} events in ${st.reports} reports, ${st.first || "?"} to ${st.last || "?"}`))));
  status(`${s.items.length} stories`);
};

// ------------------------------------------------------------------ the router

async function render() {
  current = parseHash();
  if (current.filters.entity && current.extra.entityName === undefined) current.extra.entityName = "";
  const name = current.parts[0] || "events";
  for (const a of document.querySelectorAll("#nav a")) a.classList.toggle("active", a.dataset.view === name);
  for (const a of document.querySelectorAll("#nav a")) a.href = route("/" + a.dataset.view, filterParams(current.filters));
  renderChips();
  const main = document.getElementById("view");
  const view = views[name];
  document.body.dataset.view = name;
  document.body.dataset.ready = "no";
  if (!view) { main.replaceChildren(el("p", {}, `No view ${name}.`)); return; }
  try {
    await view(main);
  } catch (error) {
    main.replaceChildren(el("p", { class: "error" }, String(error.message || error)));
    status("error");
  }
  document.body.dataset.ready = "yes";
}

window.addEventListener("hashchange", render);
render();
