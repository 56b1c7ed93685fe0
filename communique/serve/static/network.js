// Network page: fetch /api/network with the form's filters and lay the graph out with a small
// force simulation (repulsion, springs, gravity) drawn in SVG.  Names are set with textContent,
// never as HTML.  Drag a node to move it, drag the background to pan, scroll to zoom.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("network");
  var form = document.getElementById("netfilters");
  var status = document.getElementById("netstatus");
  var info = document.getElementById("netinfo");
  if (!svg || !form) return;
  var COLORS = { person: "#4e79a7", organization: "#f28e2b", country: "#59a14f", location: "#b07aa1" };
  var view = { x: 0, y: 0, k: 1 };
  var root = document.createElementNS(NS, "g");
  svg.appendChild(root);
  var sim = null;

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  function params() {
    var p = new URLSearchParams();
    new FormData(form).forEach(function (v, k) { if (v) p.append(k, v); });
    if (p.getAll("kind").length) p.append("kind", "person");
    return p;
  }

  function load() {
    var p = params();
    history.replaceState(null, "", "/network" + (p.toString() ? "?" + p.toString() : ""));
    status.textContent = "Loading…";
    fetch("/api/network?" + p.toString(), { headers: { Accept: "application/json" } })
      .then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) throw new Error((body.error && body.error.message) || r.statusText);
          return body;
        });
      })
      .then(draw)
      .catch(function (err) { status.textContent = "Could not load the network: " + err.message; });
  }

  function draw(data) {
    if (sim) cancelAnimationFrame(sim);
    while (root.firstChild) root.removeChild(root.firstChild);
    info.hidden = true;
    var nodes = data.nodes, edges = data.edges;
    status.textContent = nodes.length + " actors, " + edges.length + " links" +
      (data.truncated ? " (strongest links only)" : "") + ".";
    if (!nodes.length) { status.textContent = "No actors met under these filters."; return; }
    var W = svg.clientWidth || 900, H = svg.clientHeight || 600;
    var byId = {};
    nodes.forEach(function (n, i) {
      var a = 2 * Math.PI * i / nodes.length, r = Math.min(W, H) * 0.35;
      n.x = W / 2 + r * Math.cos(a) + (i % 7); n.y = H / 2 + r * Math.sin(a) + (i % 5);
      n.vx = 0; n.vy = 0; n.r = 4 + Math.min(14, Math.sqrt(n.weight) * 2.2); n.links = [];
      byId[n.id] = n;
    });
    edges = edges.filter(function (e) { return byId[e.source] && byId[e.target]; });
    edges.forEach(function (e) {
      e.s = byId[e.source]; e.t = byId[e.target]; e.s.links.push(e.t); e.t.links.push(e.s);
    });
    var gE = el("g", {}, root), gN = el("g", {}, root);
    edges.forEach(function (e) {
      e.el = el("line", { "class": "edge", "stroke-width": Math.min(6, 0.8 + Math.log(1 + e.weight) * 1.3) }, gE);
      var t = el("title", {}, e.el); t.textContent = e.s.name + " – " + e.t.name + ": " + e.weight + " event(s)";
    });
    var maxW = Math.max.apply(null, nodes.map(function (n) { return n.weight; }));
    nodes.forEach(function (n) {
      n.el = el("g", { "class": "node" }, gN);
      el("circle", { r: n.r, fill: COLORS[n.kind] || "#888" }, n.el);
      var label = el("text", { x: n.r + 3, y: 4 }, n.el);
      label.textContent = n.name;
      if (nodes.length > 80 && n.weight < maxW * 0.15) label.setAttribute("class", "minor");
      var t = el("title", {}, n.el); t.textContent = n.name + (n.country ? " (" + n.country + ")" : "");
      n.el.addEventListener("mousedown", function (ev) { startDrag(ev, n); });
      n.el.addEventListener("mouseenter", function () { focus(n, nodes, edges); });
      n.el.addEventListener("mouseleave", function () { focus(null, nodes, edges); });
      n.el.addEventListener("click", function () { if (!n.dragged) showInfo(n); });
    });
    // Hide minor labels on big graphs.
    root.querySelectorAll("text.minor").forEach(function (t) { t.setAttribute("visibility", "hidden"); });
    run(nodes, edges, W, H);
  }

  function run(nodes, edges, W, H) {
    var alpha = 1, k = Math.min(160, Math.sqrt(W * H / Math.max(1, nodes.length)) * 0.5);
    function tick() {
      // repulsion (all pairs: graphs here are at most a few hundred nodes)
      for (var i = 0; i < nodes.length; i++) {
        var a = nodes[i];
        for (var j = i + 1; j < nodes.length; j++) {
          var b = nodes[j], dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy + 0.01;
          if (d2 > 250000) continue;
          var f = k * k / d2 * 0.05 * alpha;
          a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
        }
      }
      edges.forEach(function (e) {
        var dx = e.t.x - e.s.x, dy = e.t.y - e.s.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01;
        var f = (d - k * 0.8) / d * 0.06 * alpha * Math.min(3, 1 + Math.log(e.weight));
        e.s.vx += dx * f; e.s.vy += dy * f; e.t.vx -= dx * f; e.t.vy -= dy * f;
      });
      nodes.forEach(function (n) {
        n.vx += (W / 2 - n.x) * 0.01 * alpha; n.vy += (H / 2 - n.y) * 0.01 * alpha;
        if (n.fixed) { n.vx = n.vy = 0; return; }
        var v = Math.sqrt(n.vx * n.vx + n.vy * n.vy), cap = 12;
        if (v > cap) { n.vx *= cap / v; n.vy *= cap / v; }
        n.x += n.vx; n.y += n.vy; n.vx *= 0.55; n.vy *= 0.55;
        n.x = Math.max(20, Math.min(W - 140, n.x)); n.y = Math.max(20, Math.min(H - 20, n.y));
      });
      render(nodes, edges);
      alpha *= 0.985;
      sim = alpha > 0.02 ? requestAnimationFrame(tick) : null;
    }
    sim = requestAnimationFrame(tick);
    svg.reheat = function () { alpha = Math.max(alpha, 0.3); if (!sim) sim = requestAnimationFrame(tick); };
  }

  function render(nodes, edges) {
    edges.forEach(function (e) {
      e.el.setAttribute("x1", e.s.x.toFixed(1)); e.el.setAttribute("y1", e.s.y.toFixed(1));
      e.el.setAttribute("x2", e.t.x.toFixed(1)); e.el.setAttribute("y2", e.t.y.toFixed(1));
    });
    nodes.forEach(function (n) { n.el.setAttribute("transform", "translate(" + n.x.toFixed(1) + "," + n.y.toFixed(1) + ")"); });
  }

  function focus(n, nodes, edges) {
    nodes.forEach(function (m) {
      var on = !n || m === n || n.links.indexOf(m) >= 0;
      m.el.classList.toggle("dim", !on);
      var t = m.el.querySelector("text");
      if (t.getAttribute("class") === "minor") t.setAttribute("visibility", n && on ? "visible" : "hidden");
    });
    edges.forEach(function (e) { e.el.classList.toggle("dim", !!n && e.s !== n && e.t !== n); });
  }

  function showInfo(n) {
    while (info.firstChild) info.removeChild(info.firstChild);
    var a = document.createElement("a");
    a.href = "/actors/" + encodeURIComponent(n.id);
    a.textContent = n.name;
    var b = document.createElement("b"); b.appendChild(a); info.appendChild(b);
    var p = document.createElement("div");
    p.className = "muted";
    p.textContent = n.kind + (n.country ? " · " + n.country : "") + " · met " + n.links.length + " here";
    info.appendChild(p);
    var ul = document.createElement("ul");
    n.links.slice(0, 12).forEach(function (m) {
      var li = document.createElement("li"); li.textContent = m.name; ul.appendChild(li);
    });
    info.appendChild(ul);
    info.hidden = false;
  }

  // Dragging nodes and panning, zooming with the wheel.
  var drag = null;
  function point(ev) {
    var r = svg.getBoundingClientRect();
    return { x: (ev.clientX - r.left - view.x) / view.k, y: (ev.clientY - r.top - view.y) / view.k };
  }
  function startDrag(ev, n) {
    ev.stopPropagation(); ev.preventDefault();
    drag = { node: n, moved: false }; n.fixed = true; n.dragged = false;
  }
  svg.addEventListener("mousedown", function (ev) {
    drag = { pan: true, x: ev.clientX - view.x, y: ev.clientY - view.y };
  });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) return;
    if (drag.node) {
      var p = point(ev); drag.node.x = p.x; drag.node.y = p.y; drag.node.dragged = true;
      if (svg.reheat) svg.reheat();
    } else if (drag.pan) {
      view.x = ev.clientX - drag.x; view.y = ev.clientY - drag.y; apply();
    }
  });
  window.addEventListener("mouseup", function () {
    if (drag && drag.node) { var n = drag.node; n.fixed = false; setTimeout(function () { n.dragged = false; }, 0); }
    drag = null;
  });
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var r = svg.getBoundingClientRect(), mx = ev.clientX - r.left, my = ev.clientY - r.top;
    var k = Math.max(0.2, Math.min(5, view.k * (ev.deltaY < 0 ? 1.15 : 1 / 1.15)));
    view.x = mx - (mx - view.x) * k / view.k; view.y = my - (my - view.y) * k / view.k; view.k = k; apply();
  }, { passive: false });
  function apply() { root.setAttribute("transform", "translate(" + view.x + "," + view.y + ") scale(" + view.k + ")"); }

  form.addEventListener("submit", function (ev) { ev.preventDefault(); load(); });
  form.addEventListener("change", function () { load(); });
  var initial = new URLSearchParams(location.search);
  if (initial.getAll("kind").indexOf("organization") >= 0) document.getElementById("with-orgs").checked = true;
  load();
})();
