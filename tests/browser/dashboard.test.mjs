// Drives the dyad dashboard in headless Chromium: picks a pair, reads its chart, filters
// events, opens an article, searches, zooms the network; checks every page at phone and
// desktop widths for horizontal overflow, downloads a view and counts its rows, finds the
// map's markers, brushes the time chart, taps a tooltip, and saves screenshots.
// Needs DYAD_URL (a running `dyad serve`) and SCREENSHOTS (a folder); run.sh sets both.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const base = process.env.DYAD_URL;
const shots = process.env.SCREENSHOTS;
assert.ok(base, "DYAD_URL must point at a running dyad serve");
assert.ok(shots, "SCREENSHOTS must name a folder");
mkdirSync(shots, { recursive: true });

let context;
let page;
const foreign = [];
const consoleErrors = [];

before(async () => {
  const profile = mkdtempSync(join(tmpdir(), "dyad-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1360, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = context.pages()[0] || (await context.newPage());
  page.on("request", (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith("data:")) foreign.push(r.url());
  });
  page.on("pageerror", (e) => foreign.push("page error: " + e.message));
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(page.url() + ": " + m.text()); });
});

after(async () => {
  await context?.close();
});

async function busiestPair() {
  const res = await page.request.get(base + "/api/network");
  assert.equal(res.status(), 200);
  const net = await res.json();
  assert.ok(net.edges.length > 0, "the database has events between countries");
  return [net.edges[0].a, net.edges[0].b];
}

test("relation chart for a chosen pair", async () => {
  await page.goto(base + "/");
  await page.waitForSelector("svg.relation-chart");
  const [a, b] = await busiestPair();
  await page.fill("#pair-form input[name=a]", a);
  await page.fill("#pair-form input[name=b]", b);
  await page.selectOption("#pair-form select[name=by]", "month");
  await page.check("#pair-form input[name=both]");
  await Promise.all([page.waitForURL(/\?a=/), page.click("#pair-form button[type=submit]")]);
  const heading = await page.textContent("h1");
  assert.ok(heading.includes(a) && heading.includes(b), heading);
  const columns = await page.locator("#relation-chart rect.hit").count();
  assert.ok(columns > 0, "one hover column per month");
  const tips = await page.locator("#relation-chart rect.hit").evaluateAll((rs) => rs.map((r) => r.getAttribute("data-tip")));
  assert.ok(tips.some((t) => /events \(\d+ distinct\)/.test(t)), tips.join(" | "));
  await page.locator("#relation-chart rect.hit[data-events]:not([data-events='0'])").first().hover();
  assert.ok(await page.locator("#tip").isVisible(), "hovering a column shows its tooltip");
  const events = Number(await page.locator(".stats b").first().textContent());
  assert.ok(events > 0, "the pair has events");
  await page.locator("#relation-chart").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, "relation-chart.png"), fullPage: false });
  await page.locator("section.card", { has: page.locator("#relation-chart") }).screenshot({ path: join(shots, "relation-card.png") });
});

test("network zooms, pans and lists countries", async () => {
  const svg = page.locator("#network svg");
  await svg.scrollIntoViewIfNeeded();
  const nodes = await page.locator("#network circle.node").count();
  assert.ok(nodes >= 2, "at least two countries");
  const before = await svg.getAttribute("viewBox");
  const box = await svg.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -300);
  await page.waitForTimeout(200);
  const after = await svg.getAttribute("viewBox");
  assert.notEqual(after, before, "wheel zooms");
  await svg.dispatchEvent("dblclick");
  await page.locator("section.card", { has: page.locator("#network") }).screenshot({ path: join(shots, "network.png") });
});

test("event table filters and highlights evidence", async () => {
  await Promise.all([page.waitForURL(/\/events\?/), page.click("#pair-events")]);
  const rows = page.locator("#event-table tbody tr");
  assert.ok((await rows.count()) > 0, "the pair's events are listed");
  const quadClass = await rows.first().getAttribute("class");
  const quad = quadClass.replace("q", "");
  await page.selectOption("#event-filters select[name=quad]", quad);
  await Promise.all([page.waitForURL(/quad=/), page.click("#event-filters button[type=submit]")]);
  const classes = await page.locator("#event-table tbody tr").evaluateAll((trs) => trs.map((t) => t.className));
  assert.ok(classes.length > 0);
  assert.ok(classes.every((c) => c === "q" + quad), "every row has the chosen quad class");
  assert.ok((await page.locator("#event-table mark.trigger").count()) > 0, "triggers are highlighted");
  assert.ok((await page.locator("#event-table mark.source, #event-table mark.target").count()) > 0, "actor words are highlighted");
  await page.screenshot({ path: join(shots, "events.png"), fullPage: false });
});

test("article view marks actors and events", async () => {
  await Promise.all([page.waitForURL(/\/articles\/\d+/), page.locator("#event-table .src a").first().click()]);
  await page.waitForSelector("#article-text");
  assert.ok((await page.locator("#article-text .ev").count()) > 0, "event sentences are marked");
  assert.ok((await page.locator("#article-text mark").count()) > 0, "actor words or triggers are marked");
  const item = page.locator(".article-events li[data-event]").first();
  await item.click();
  assert.ok(((await item.getAttribute("class")) || "").includes("focus"));
  assert.ok((await page.locator("#article-text .ev.focus").count()) > 0, "its sentence is focused");
  await page.screenshot({ path: join(shots, "article.png"), fullPage: false });
});

test("full-text search over articles", async () => {
  const title = (await page.textContent("article h1")).trim();
  const word = title.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 3)[0] || title.split(/\s+/)[0];
  await page.fill("header input[name=q]", word);
  await Promise.all([page.waitForURL(/\/search\?q=/), page.press("header input[name=q]", "Enter")]);
  const hits = await page.locator("ol.hits li a").count();
  assert.ok(hits > 0, `searching ${word} finds the article`);
  assert.ok((await page.locator("ol.hits mark").count()) > 0, "matches are marked");
  await page.screenshot({ path: join(shots, "search.png"), fullPage: false });
  const bad = await page.goto(base + "/search?q=%22unbalanced");
  assert.equal(bad.status(), 400);
  assert.ok((await page.textContent(".card.error")).includes("quote"));
});

test("bad input is a 4xx with a message", async () => {
  const res = await page.goto(base + "/events?since=2025-13-01");
  assert.equal(res.status(), 400);
  assert.ok((await page.textContent(".card.error")).includes("YYYY-MM-DD"));
  const api = await page.request.get(base + "/api/events?source=%27%20OR%201%3D1%20--");
  assert.equal(api.status(), 400);
  assert.ok((await api.json()).error);
});

// A minimal CSV reader: quoted fields may hold commas, quotes and line breaks.
function csvRows(text) {
  const rows = [];
  let row = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\n") { row.push(field); rows.push(row); row = []; field = ""; }
    else if (c !== "\r") field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

test("downloads hold as many rows as the page says", async () => {
  await page.goto(base + "/events");
  const total = Number(await page.getAttribute("#event-total", "data-total"));
  assert.ok(total > 0);
  const href = (fmt) => page.locator(`#event-downloads a[href*="events.${fmt}"]`).getAttribute("href");
  const csv = await page.request.get(base + (await href("csv")));
  assert.equal(csv.status(), 200);
  const rows = csvRows(await csv.text());
  assert.equal(rows.length, total + 1, "a header and one row per event");
  assert.ok(rows.every((r) => r.length === rows[0].length), "every row has every column");
  const jsonl = await page.request.get(base + (await href("jsonl")));
  const lines = (await jsonl.text()).split("\n").filter((l) => l);
  assert.equal(lines.length, total);
  lines.forEach((l) => assert.ok(JSON.parse(l).cameo));
  const parquet = await (await page.request.get(base + (await href("parquet")))).body();
  assert.equal(parquet.subarray(0, 4).toString(), "PAR1");
  // A filtered view downloads just its events.
  const [a, b] = await busiestPair();
  await page.goto(`${base}/events?source=${a}&target=${b}&both=true`);
  const pairTotal = Number(await page.getAttribute("#event-total", "data-total"));
  const pairCsv = csvRows(await (await page.request.get(base + (await href("csv")))).text());
  assert.equal(pairCsv.length, pairTotal + 1);
  assert.ok(pairTotal < total, "the filter narrows the download");
});

test("the map marks where events happened", async () => {
  await page.goto(base + "/events");
  const markers = await page.locator("#event-map circle.marker").count();
  assert.ok(markers >= 1, "at least one place with coordinates");
  assert.ok((await page.locator("#event-map svg.map path").count()) > 150, "country shapes are drawn");
  const marker = page.locator("#event-map circle.marker").first();
  await marker.scrollIntoViewIfNeeded();
  await marker.hover();
  assert.match(await page.textContent("#tip"), /event/);
  await page.locator("section.card", { has: page.locator("#event-map") }).screenshot({ path: join(shots, "map.png") });
});

test("brushing the time chart narrows the event list", async () => {
  // The pair whose events fall on the most distinct days.
  const net = await (await page.request.get(base + "/api/network")).json();
  let best = null;
  for (const e of net.edges.slice(0, 12)) {
    const res = await (await page.request.get(`${base}/api/events?source=${e.a}&target=${e.b}&both=true&limit=1000`)).json();
    const days = [...new Set(res.events.map((x) => x.date).filter(Boolean))].sort();
    if (!best || days.length > best.days.length) best = { a: e.a, b: e.b, days };
  }
  assert.ok(best && best.days.length >= 2, "a pair with events on two or more days");
  // From the day before the first event, so the brush can span two columns and still
  // leave the last day's events out.
  const first = new Date(best.days[0] + "T00:00:00Z");
  first.setUTCDate(first.getUTCDate() - 1);
  const since = first.toISOString().slice(0, 10);
  await page.goto(`${base}/?a=${best.a}&b=${best.b}&both=true&by=day&since=${since}&until=${best.days.at(-1)}`);
  const before = Number(await page.getAttribute("#pair-total", "data-total"));
  const cols = page.locator("#relation-chart svg.wide rect.column");
  const n = await cols.count();
  const counts = await cols.evaluateAll((rs) => rs.map((r) => Number(r.getAttribute("data-events"))));
  const last = counts.map((c, i) => (c > 0 ? i : -1)).filter((i) => i >= 0).pop();
  assert.ok(n >= 3 && last >= 2, `${n} columns, the last with events at ${last}`);
  // Drag from the first column to the one before the last with events.
  await page.locator("#relation-chart").scrollIntoViewIfNeeded();
  const from = await cols.nth(0).boundingBox();
  const to = await cols.nth(last - 1).boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
  await Promise.all([page.waitForURL(/since=.*until=/), page.mouse.up()]);
  const after = Number(await page.getAttribute("#pair-total", "data-total"));
  assert.ok(after < before, `brushing narrowed ${before} events to ${after}`);
  assert.ok((await page.locator("#pair-event-list li").count()) >= 1);
  await page.screenshot({ path: join(shots, "brushed.png"), fullPage: false });
});

test("a filter that matches nothing is an empty result", async () => {
  const res = await page.goto(base + "/events?source=XYZ");
  assert.equal(res.status(), 200);
  assert.match(await page.textContent("#event-total"), /^0 events/);
  const api = await page.request.get(base + "/api/events?source=XYZ");
  assert.equal(api.status(), 200);
  assert.equal((await api.json()).total, 0);
  const icon = await page.request.get(base + "/favicon.ico");
  assert.equal(icon.status(), 200);
});

async function pages() {
  const [a, b] = await busiestPair();
  const events = (await (await page.request.get(base + "/api/events?limit=1000")).json()).events;
  const articles = [...new Set(events.map((e) => e.article_id))];
  const title = (await (await page.request.get(`${base}/api/articles/${articles[0]}`)).json()).text.split(/\s+/).find((w) => w.length > 4);
  return [
    ["relations", "/"],
    ["pair-by-day", `/?a=${a}&b=${b}&both=true&by=day`],
    ["events", "/events"],
    ["events-pair", `/events?source=${a}&target=${b}&both=true`],
    ["search", "/search"],
    ["search-results", `/search?q=${encodeURIComponent(title)}`],
    ["error", "/events?since=2025-13-01"],
    ...articles.map((id) => [`article-${id}`, `/articles/${id}`]),
  ];
}

test("every page fits phone and desktop widths without horizontal scrolling", async () => {
  const list = await pages();
  for (const [w, h] of [[390, 844], [1366, 900]]) {
    await page.setViewportSize({ width: w, height: h });
    for (const [name, path] of list) {
      await page.goto(base + path);
      const { scroll, client } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      assert.ok(scroll <= client, `${path} at ${w}px: ${scroll} px wide in a ${client} px window`);
      // Fitting by squeezing is no better: every visible form field keeps a usable width.
      const narrow = await page.evaluate(() => [...document.querySelectorAll("form input:not([type=checkbox]), form select")]
        .map((el) => ({ name: el.name, width: el.getBoundingClientRect().width }))
        .filter((f) => f.width > 0 && f.width < 60));
      assert.deepEqual(narrow, [], `${path} at ${w}px: squeezed form fields`);
      if (!name.startsWith("article-") || name === list.find((p) => p[0].startsWith("article-"))[0]) {
        await page.screenshot({ path: join(shots, `${name}-${w}.png`), fullPage: w < 1000 });
      }
    }
  }
  await page.setViewportSize({ width: 1360, height: 900 });
});

test("tooltips open on touch", async () => {
  const profile = mkdtempSync(join(tmpdir(), "dyad-chromium-touch-"));
  const phone = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true,
    viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
  });
  try {
    const p = phone.pages()[0] || (await phone.newPage());
    const errors = [];
    p.on("pageerror", (e) => errors.push(e.message));
    await p.goto(base + "/");
    // A phone gets the compact drawing of the chart, whose labels stay legible.
    assert.ok(await p.locator("#relation-chart svg.compact").isVisible(), "the compact chart is shown at 390 px");
    assert.ok(!(await p.locator("#relation-chart svg.wide").isVisible()), "the wide chart is hidden at 390 px");
    const col = p.locator("#relation-chart svg.compact rect.column[data-events]:not([data-events='0'])").first();
    await col.scrollIntoViewIfNeeded();
    await col.tap();
    await p.waitForSelector("#tip:not([hidden])");
    assert.match(await p.textContent("#tip"), /events/);
    assert.ok((await p.locator("#tip a.tip-link").count()) === 1, "the tooltip links to the period's events");
    await p.screenshot({ path: join(shots, "touch-tooltip-390.png") });
    assert.deepEqual(errors, []);
  } finally {
    await phone.close();
  }
});

test("nothing was fetched from elsewhere and no script failed", () => {
  assert.deepEqual(foreign, []);
  assert.deepEqual(consoleErrors.filter((e) => !e.includes("/events?since=2025-13-01") && !e.includes("%22unbalanced") && !e.includes("source=%27")), []);
});
