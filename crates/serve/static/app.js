// dyad dashboard: zoom and pan for the network, pair picking, chart clicks,
// and linking article sentences with their events. No dependencies.
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

  // Relation chart: a click on a column lists that bucket's events.
  var chart = document.getElementById("relation-chart");
  if (chart) {
    chart.querySelectorAll("rect.hit").forEach(function (col) {
      col.addEventListener("click", function () {
        var q = "/events?source=" + chart.dataset.a + "&target=" + chart.dataset.b +
          (chart.dataset.both ? "&both=true" : "") +
          "&since=" + col.getAttribute("data-since") + "&until=" + col.getAttribute("data-until");
        location.href = q;
      });
    });
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
