// dyad dashboard: zoom and pan for the network and the map, pair picking, tooltips that
// work with a mouse and on touch, brushing the time chart to narrow the period, and
// linking article sentences with their events. No dependencies, no inline handlers.
(function () {
  "use strict";

  // Zoom (wheel) and pan (drag) by rewriting the SVG viewBox.
  document.querySelectorAll("svg.zoomable").forEach(function (svg) {
    var vb = svg.viewBox.baseVal;
    if (!vb || vb.width === 0) {
      var w = svg.width.baseVal.value, h = svg.height.baseVal.value;
      svg.setAttribute("viewBox", "0 0 " + w + " " + h);
      vb = svg.viewBox.baseVal;
    }
    svg.removeAttribute("width"); svg.removeAttribute("height");
    var full = { x: vb.x, y: vb.y, w: vb.width, h: vb.height };
    svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var r = svg.getBoundingClientRect();
      var px = vb.x + (ev.clientX - r.left) / r.width * vb.width;
      var py = vb.y + (ev.clientY - r.top) / r.height * vb.height;
      var k = ev.deltaY < 0 ? 0.85 : 1 / 0.85;
      var nw = Math.min(full.w * 2, Math.max(full.w / 12, vb.width * k));
      var nh = nw * full.h / full.w;
      vb.x = px - (px - vb.x) * nw / vb.width; vb.y = py - (py - vb.y) * nh / vb.height;
      vb.width = nw; vb.height = nh;
    }, { passive: false });
    var drag = null;
    svg.addEventListener("pointerdown", function (ev) {
      if (ev.target.classList && ev.target.classList.contains("node")) return;
      drag = { x: ev.clientX, y: ev.clientY, vx: vb.x, vy: vb.y };
      svg.classList.add("dragging");
      svg.setPointerCapture(ev.pointerId);
    });
    svg.addEventListener("pointermove", function (ev) {
      if (!drag) return;
      var r = svg.getBoundingClientRect();
      vb.x = drag.vx - (ev.clientX - drag.x) * vb.width / r.width;
      vb.y = drag.vy - (ev.clientY - drag.y) * vb.height / r.height;
    });
    ["pointerup", "pointercancel"].forEach(function (t) {
      svg.addEventListener(t, function () { drag = null; svg.classList.remove("dragging"); });
    });
    svg.addEventListener("dblclick", function () { vb.x = full.x; vb.y = full.y; vb.width = full.w; vb.height = full.h; });
  });

  // Network: click two countries to open their relation.
  var picked = [];
  document.querySelectorAll("#network circle.node").forEach(function (node) {
    node.addEventListener("click", function () {
      var c = node.getAttribute("data-country");
      if (picked.indexOf(c) >= 0) return;
      picked.push(c); node.classList.add("picked");
      if (picked.length === 2) {
        var form = document.getElementById("pair-form");
        var by = form ? form.querySelector("[name=by]").value : "week";
        location.href = "/?a=" + encodeURIComponent(picked[0]) + "&b=" + encodeURIComponent(picked[1]) + "&by=" + by + "&both=true";
      }
    });
  });
  document.querySelectorAll("#network line.edge").forEach(function (edge) {
    edge.addEventListener("click", function () {
      location.href = "/?a=" + edge.getAttribute("data-a") + "&b=" + edge.getAttribute("data-b") + "&both=true";
    });
  });

  // Tooltips: the data-tip of a chart shape, on hover and on tap.
  var tip = document.getElementById("tip");
  function showTip(el, x, y, link) {
    if (!tip) return;
    tip.textContent = el.getAttribute("data-tip");
    if (link) {
      var a = document.createElement("a");
      a.href = link.href; a.textContent = link.text; a.className = "tip-link";
      tip.appendChild(document.createElement("br")); tip.appendChild(a);
    }
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var left = Math.max(4, Math.min(x + 12, document.documentElement.clientWidth - w - 4));
    var top = y + 14 + h > window.innerHeight ? y - h - 10 : y + 14;
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (Math.max(4, top) + window.scrollY) + "px";
  }
  function hideTip() {
    if (tip) tip.hidden = true;
    document.querySelectorAll("rect.column.picked").forEach(function (c) { c.classList.remove("picked"); });
  }
  document.querySelectorAll("svg [data-tip]").forEach(function (el) {
    el.addEventListener("pointerenter", function (ev) { if (ev.pointerType === "mouse") showTip(el, ev.clientX, ev.clientY); });
    el.addEventListener("pointermove", function (ev) { if (ev.pointerType === "mouse") showTip(el, ev.clientX, ev.clientY); });
    el.addEventListener("pointerleave", function (ev) { if (ev.pointerType === "mouse") hideTip(); });
    if (!el.classList.contains("column")) {
      el.addEventListener("pointerup", function (ev) { if (ev.pointerType !== "mouse") showTip(el, ev.clientX, ev.clientY); });
    }
  });
  document.addEventListener("pointerdown", function (ev) {
    if (tip && !tip.contains(ev.target) && !(ev.target.closest && ev.target.closest("svg [data-tip]"))) hideTip();
  });

  // Relation chart: drag across columns to narrow the period; a click (or tap) on one
  // column offers that period's events. The page carries a wide and a compact drawing of
  // the chart (the stylesheet shows one); each gets its own brush.
  var chart = document.getElementById("relation-chart");
  if (chart) {
    var pair = "a=" + encodeURIComponent(chart.dataset.a) + "&b=" + encodeURIComponent(chart.dataset.b) +
      (chart.dataset.both ? "&both=true" : "");
    chart.querySelectorAll("svg").forEach(function (svg) { brushable(svg, pair); });
  }
  function brushable(svg, pair) {
    var cols = Array.prototype.slice.call(svg.querySelectorAll("rect.column"));
    var brush = null;
    function columnAt(x) {
      for (var i = 0; i < cols.length; i++) {
        var r = cols[i].getBoundingClientRect();
        if (x >= r.left && x < r.right) return i;
      }
      if (!cols.length) return -1;
      return x < cols[0].getBoundingClientRect().left ? 0 : cols.length - 1;
    }
    function mark(cls, from, to) {
      var lo = Math.min(from, to), hi = Math.max(from, to);
      cols.forEach(function (c, i) { c.classList.toggle(cls, i >= lo && i <= hi); });
    }
    svg.addEventListener("pointerdown", function (ev) {
      var i = columnAt(ev.clientX);
      if (i < 0) return;
      brush = { from: i, to: i, type: ev.pointerType, x: ev.clientX };
      svg.setPointerCapture(ev.pointerId);
    });
    svg.addEventListener("pointermove", function (ev) {
      if (!brush) return;
      brush.to = columnAt(ev.clientX);
      if (brush.to !== brush.from || Math.abs(ev.clientX - brush.x) > 6) { mark("brushed", brush.from, brush.to); hideTip(); }
    });
    svg.addEventListener("pointerup", function (ev) {
      if (!brush) return;
      var b = brush; brush = null;
      var lo = Math.min(b.from, b.to), hi = Math.max(b.from, b.to);
      if (hi > lo) {
        var since = cols[lo].getAttribute("data-since"), until = cols[hi].getAttribute("data-until");
        location.href = "/?" + pair + "&by=" + encodeURIComponent(chart.dataset.by) + "&since=" + since + "&until=" + until;
        return;
      }
      mark("brushed", -1, -2);
      var col = cols[lo];
      var link = { href: "/events?source=" + encodeURIComponent(chart.dataset.a) + "&target=" + encodeURIComponent(chart.dataset.b) +
        (chart.dataset.both ? "&both=true" : "") + "&since=" + col.getAttribute("data-since") + "&until=" + col.getAttribute("data-until"),
        text: "events of this period →" };
      if (b.type === "mouse" && col.getAttribute("data-events") !== "0") { location.href = link.href; return; }
      // The tapped column stays marked while its tooltip is open.
      mark("picked", lo, lo);
      showTip(col, ev.clientX, ev.clientY, col.getAttribute("data-events") !== "0" ? link : null);
    });
    svg.addEventListener("pointercancel", function () { brush = null; mark("brushed", -1, -2); });
  }

  // Article: sentences and the event list point at each other.
  function focus(ids) {
    document.querySelectorAll(".focus").forEach(function (el) { el.classList.remove("focus"); });
    ids.forEach(function (id) {
      var li = document.getElementById("ev-" + id);
      if (li) li.classList.add("focus");
      document.querySelectorAll('.ev[data-events~="' + id + '"]').forEach(function (s) { s.classList.add("focus"); });
    });
  }
  document.querySelectorAll("#article-text .ev").forEach(function (s) {
    s.addEventListener("click", function () {
      var ids = s.getAttribute("data-events").split(" ");
      focus(ids);
      var li = document.getElementById("ev-" + ids[0]);
      if (li) li.scrollIntoView({ block: "nearest", behavior: "smooth" });
    });
  });
  document.querySelectorAll(".article-events li[data-event]").forEach(function (li) {
    li.addEventListener("click", function () {
      var id = li.getAttribute("data-event");
      focus([id]);
      var s = document.querySelector('.ev[data-events~="' + id + '"]');
      if (s) s.scrollIntoView({ block: "center", behavior: "smooth" });
    });
  });
  if (location.hash.indexOf("#ev-") === 0) focus([location.hash.slice(4)]);
})();
