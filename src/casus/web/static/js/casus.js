// casus pages: evidence highlighting, the actor network, the time series and the map.
// Data from the API is only ever put into the page through textContent or library APIs,
// never as HTML, because it comes from untrusted article text.
"use strict";

(function () {
  const page = document.body.dataset.page;

  function formParams(form) {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) {
      if (typeof value === "string" && value !== "") params.append(key, value);
    }
    return params;
  }

  function status(text, isError) {
    const el = document.getElementById("chart-status");
    if (!el) return;
    el.textContent = text;
    el.classList.toggle("error", Boolean(isError));
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      let detail = response.statusText;
      try {
        detail = (await response.json()).detail || detail;
      } catch (_err) {
        // not JSON: keep the status text
      }
      throw new Error(`${response.status}: ${detail}`);
    }
    return response.json();
  }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  // -- article view: clicking a card highlights its evidence --------------------------------
  function highlightEvent(card) {
    const id = card.dataset.event;
    document.querySelectorAll(".card.active").forEach((c) => c.classList.remove("active"));
    document.querySelectorAll(".hl-active").forEach((s) => s.classList.remove("hl-active"));
    card.classList.add("active");
    const view = card.closest(".article-view") || document;
    const spans = view.querySelectorAll(`.body [data-events~="${CSS.escape(id)}"]`);
    spans.forEach((s) => s.classList.add("hl-active"));
    if (spans.length) spans[0].scrollIntoView({ block: "center", behavior: "smooth" });
  }

  document.addEventListener("click", (event) => {
    const card = event.target.closest && event.target.closest(".card[data-event]");
    if (card) highlightEvent(card);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    const card = event.target.closest && event.target.closest(".card[data-event]");
    if (card) {
      event.preventDefault();
      highlightEvent(card);
    }
  });

  // htmx leaves the target alone when the server refuses (413 too large, 422 bad filter)
  document.addEventListener("htmx:responseError", (event) => {
    const xhr = event.detail.xhr;
    let detail = xhr.statusText;
    try {
      const body = JSON.parse(xhr.responseText);
      detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    } catch (_err) {
      // an HTML error page: its message, read as text from an inert parsed document
      const doc = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
      const alert = doc.querySelector("[role=alert]");
      if (alert && alert.textContent) detail = alert.textContent;
    }
    const target = event.detail.target;
    if (target) target.replaceChildren(el("p", `Request refused (${xhr.status}): ${detail}`, "error"));
  });

  // -- charts: draw from the form, redraw on submit -----------------------------------------
  function chartPage(draw) {
    const form = document.getElementById("chart-form");
    const run = () => {
      const params = formParams(form);
      history.replaceState(null, "", `${location.pathname}?${params}`);
      status("loading…");
      draw(params).catch((err) => status(`Could not draw: ${err.message}`, true));
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      run();
    });
    run();
  }

  // Goldstein −10…10 → red … grey … blue
  function goldsteinColour(value) {
    if (value === null || value === undefined) return "#999999";
    const t = Math.max(-1, Math.min(1, value / 10));
    const grey = [150, 150, 150];
    const end = t < 0 ? [200, 40, 40] : [40, 90, 200];
    const k = Math.abs(t);
    const rgb = grey.map((g, i) => Math.round(g + (end[i] - g) * k));
    return `rgb(${rgb.join(",")})`;
  }

  function drawNetwork(params) {
    const box = document.getElementById("network");
    return getJSON(`${box.dataset.api}?${params}`).then((data) => {
      const maxCount = Math.max(1, ...data.edges.map((e) => e.count));
      const elements = [
        ...data.nodes.map((n) => ({
          data: { id: String(n.id), label: String(n.label || n.id), count: n.count },
        })),
        ...data.edges.map((e, i) => ({
          data: {
            id: `e${i}`,
            source: String(e.source),
            target: String(e.target),
            count: e.count,
            goldstein: e.goldstein_mean,
            width: 1 + 9 * Math.sqrt(e.count / maxCount),
            colour: goldsteinColour(e.goldstein_mean),
          },
        })),
      ];
      box.replaceChildren();
      const cy = window.cytoscape({
        container: box,
        elements,
        layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000 },
        style: [
          {
            selector: "node",
            style: {
              label: "data(label)",
              "font-size": 10,
              width: "mapData(count, 1, 50, 14, 46)",
              height: "mapData(count, 1, 50, 14, 46)",
              "background-color": "#37474f",
              color: "#111",
              "text-valign": "bottom",
            },
          },
          {
            selector: "edge",
            style: {
              width: "data(width)",
              "line-color": "data(colour)",
              "target-arrow-color": "data(colour)",
              "target-arrow-shape": "triangle",
              "curve-style": "bezier",
              opacity: 0.85,
            },
          },
          { selector: "edge:selected", style: { "overlay-opacity": 0.2, opacity: 1 } },
        ],
      });
      cy.on("tap", "edge", (evt) => showEdge(evt.target.data(), params));
      window.casusNetwork = cy; // the browser tests read node and edge counts from it
      box.dataset.ready = "1";
      status(`${data.nodes.length} actors, ${data.edges.length} dyads`);
    });
  }

  function showEdge(edge, params) {
    const panel = document.getElementById("edge-panel");
    const query = new URLSearchParams(params);
    query.set("source", edge.source);
    query.set("target", edge.target);
    query.set("page_size", "200");
    panel.replaceChildren(el("p", "loading…", "hint"));
    return getJSON(`/api/v1/network/edge?${query}`)
      .then((events) => {
        const mean = edge.goldstein === null ? "–" : Number(edge.goldstein).toFixed(2);
        panel.replaceChildren(
          el("h3", `${edge.source} → ${edge.target}`),
          el("p", `${edge.count} events · mean Goldstein ${mean}`, "hint"),
        );
        const list = el("ol", null, "edge-events");
        for (const ev of events) {
          const item = el("li");
          const link = el("a", `${ev.day || ""} ${ev.cameo} ${ev.cameo_name}`);
          link.href = `/articles/${encodeURIComponent(ev.article.id)}`;
          item.append(link, el("div", ev.sentence, "sentence"));
          list.append(item);
        }
        panel.append(list);
      })
      .catch((err) => panel.replaceChildren(el("p", err.message, "error")));
  }

  function embed(box, spec) {
    return window
      .vegaEmbed(box, spec, { actions: false, renderer: "svg" })
      .then(() => {
        box.dataset.ready = "1";
      });
  }

  function drawSeries(params) {
    const box = document.getElementById("series");
    return getJSON(`${box.dataset.api}?${params}`).then((points) => {
      const values = points.map((p) => ({
        period: p.period,
        count: p.count,
        goldstein: p.goldstein_mean,
      }));
      const x = { field: "period", type: "temporal", title: null };
      // vconcat cannot size itself to its container: give it the box's width in pixels
      const width = Math.max(300, box.clientWidth - 90);
      const spec = {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        data: { values },
        vconcat: [
          {
            width,
            height: 180,
            mark: { type: "bar", tooltip: true },
            encoding: { x, y: { field: "count", type: "quantitative", title: "events" } },
          },
          {
            width,
            height: 160,
            mark: { type: "line", point: true, tooltip: true },
            encoding: {
              x,
              y: {
                field: "goldstein",
                type: "quantitative",
                title: "mean Goldstein",
                scale: { domain: [-10, 10] },
              },
            },
          },
        ],
      };
      status(`${values.length} periods, ${values.reduce((a, p) => a + p.count, 0)} events`);
      return embed(box, spec);
    });
  }

  function drawMap(params) {
    const box = document.getElementById("map");
    return Promise.all([getJSON(box.dataset.world), getJSON(`${box.dataset.api}?${params}`)]).then(
      ([world, places]) => {
        const located = places.filter((p) => p.lat !== null && p.lon !== null);
        const spec = {
          $schema: "https://vega.github.io/schema/vega-lite/v6.json",
          width: "container",
          height: 460,
          projection: { type: "equalEarth" },
          layer: [
            {
              data: { values: world, format: { type: "topojson", feature: "countries" } },
              mark: { type: "geoshape", fill: "#e8e8e4", stroke: "#b0b0a8", strokeWidth: 0.5 },
            },
            {
              data: { values: located },
              mark: { type: "circle", opacity: 0.75, stroke: "#333", strokeWidth: 0.5 },
              encoding: {
                longitude: { field: "lon", type: "quantitative" },
                latitude: { field: "lat", type: "quantitative" },
                size: { field: "count", type: "quantitative", scale: { range: [30, 1500] } },
                color: {
                  field: "goldstein_mean",
                  type: "quantitative",
                  scale: { domain: [-10, 10], scheme: "redblue" },
                  title: "mean Goldstein",
                },
                tooltip: [
                  { field: "name", type: "nominal" },
                  { field: "country", type: "nominal" },
                  { field: "count", type: "quantitative" },
                  { field: "goldstein_mean", type: "quantitative", format: ".2f" },
                ],
              },
            },
          ],
        };
        status(`${located.length} places with coordinates (${places.length} in all)`);
        return embed(box, spec);
      },
    );
  }

  if (page === "network") chartPage(drawNetwork);
  if (page === "series") chartPage(drawSeries);
  if (page === "map") chartPage(drawMap);
})();
