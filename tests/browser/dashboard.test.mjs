// Drives the dyad dashboard in headless Chromium: picks a pair, reads its chart, filters
// events, opens an article, searches, zooms the network, and saves screenshots.
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
  const tip = await page.locator("#relation-chart rect.hit title").first().textContent();
  assert.match(tip, /events \(\d+ distinct\)/);
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

test("nothing was fetched from elsewhere and no script failed", () => {
  assert.deepEqual(foreign, []);
});
