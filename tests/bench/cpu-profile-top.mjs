/**
 * Summarises a .cpuprofile (from BENCH_CPU_PROF, see cpu-profile-preload.cjs) as text:
 *
 *   node tests/bench/cpu-profile-top.mjs <file> [top=30] [inclusive-regex]
 *
 * prints busy time, self time by package/file and by function, and — with a regex — the inclusive
 * time of every function whose "name file:line" matches (e.g. 'customer-leg|sfu-bridge|sendRtp').
 * Note: samples are wall-clock; on an overloaded machine a preempted syscall looks expensive.
 */
import fs from "node:fs";

const [file, topArg, inclusive] = process.argv.slice(2);
if (!file) {
  console.error("usage: node tests/bench/cpu-profile-top.mjs <file.cpuprofile> [top] [inclusive-regex]");
  process.exit(2);
}
const top = Number(topArg ?? 30);
const profile = JSON.parse(fs.readFileSync(file, "utf8"));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const shortUrl = (url) =>
  url
    .replace(/.*node_modules\//, "nm/")
    .replace(/^file:\/\//, "")
    .replace(new RegExp(`^${process.cwd()}/`), "");
const label = (id) => {
  const cf = nodes.get(id).callFrame;
  return `${cf.functionName || "(anonymous)"} ${shortUrl(cf.url)}:${cf.lineNumber}`;
};
const area = (id) => {
  const url = shortUrl(nodes.get(id).callFrame.url);
  if (!url) return nodes.get(id).callFrame.functionName;
  if (!url.startsWith("nm/")) return url;
  const pkg = url
    .split("/")
    .slice(0, url.startsWith("nm/@") ? 3 : 2)
    .join("/");
  const sub = ["srtp", "dtls", "ice", "rtp"].find((s) => url.includes(`/${s}/`));
  return sub ? `${pkg} (${sub})` : pkg;
};

let total = 0;
let idle = 0;
const selfByFn = new Map();
const selfByArea = new Map();
const incl = new Map();
const rx = inclusive ? new RegExp(inclusive) : null;
const add = (m, k, t) => m.set(k, (m.get(k) ?? 0) + t);
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  if (nodes.get(id).callFrame.functionName === "(idle)") {
    idle += dt;
    continue;
  }
  add(selfByFn, label(id), dt);
  add(selfByArea, area(id), dt);
  if (!rx) continue;
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const k = label(at);
    if (rx.test(k) && !seen.has(k)) {
      seen.add(k);
      add(incl, k, dt);
    }
  }
}
const busy = total - idle;
const show = (title, m) => {
  console.log(`-- ${title} (% of busy time)`);
  for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((t / busy) * 100).toFixed(1).padStart(5)}%  ${k}`);
};
console.log(`${file}: busy ${(busy / 1e6).toFixed(2)} s of ${(total / 1e6).toFixed(2)} s sampled`);
show("self, by area", selfByArea);
show("self, by function", selfByFn);
if (rx) show(`inclusive, /${inclusive}/`, incl);
