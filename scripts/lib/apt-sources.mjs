// Reads the machine's apt sources (deb822 `*.sources` files and one-line `*.list` files) to find
// the Debian mirror, so the `experimental` suite can be added with the same URI and keyring.
// mediasoup 3.8.4's worker is only packaged in Debian experimental (package mediasoup-worker).
import fs from "node:fs";
import path from "node:path";

/**
 * @typedef {{ types: string[], uris: string[], suites: string[], components: string[], signedBy?: string, enabled: boolean, file?: string }} AptEntry
 */

/**
 * Parses a deb822 `.sources` file: paragraphs separated by blank lines, `Field: value` lines,
 * continuation lines start with whitespace, `#` lines are comments.
 * @param {string} text
 * @returns {AptEntry[]}
 */
export function parseDeb822(text) {
  const entries = [];
  for (const block of text.split(/\n\s*\n/)) {
    /** @type {Record<string, string>} */
    const fields = {};
    let last = "";
    for (const line of block.split("\n")) {
      if (line.startsWith("#") || !line.trim()) continue;
      if (/^\s/.test(line) && last) {
        fields[last] += "\n" + line.trim();
        continue;
      }
      const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
      if (!m) continue;
      last = m[1].toLowerCase();
      fields[last] = m[2].trim();
    }
    if (!fields.uris || !fields.suites) continue;
    const words = (/** @type {string|undefined} */ v) => (v ?? "").split(/\s+/).filter(Boolean);
    entries.push({
      types: words(fields.types),
      uris: words(fields.uris),
      suites: words(fields.suites),
      components: words(fields.components),
      signedBy: fields["signed-by"] || undefined,
      enabled: (fields.enabled ?? "yes").toLowerCase() !== "no",
    });
  }
  return entries;
}

/**
 * Parses one-line sources: `deb [signed-by=/k.gpg arch=amd64] http://mirror/debian bookworm main`.
 * @param {string} text
 * @returns {AptEntry[]}
 */
export function parseOneLine(text) {
  const entries = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) continue;
    const m = /^(deb|deb-src)\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (!m) continue;
    const options = Object.fromEntries(
      (m[2] ?? "")
        .split(/\s+/)
        .filter(Boolean)
        .map((kv) => kv.split("=")),
    );
    entries.push({
      types: [m[1]],
      uris: [m[3]],
      suites: [m[4]],
      components: m[5].split(/\s+/).filter(Boolean),
      signedBy: options["signed-by"] || undefined,
      enabled: true,
    });
  }
  return entries;
}

/** Every apt source entry on this machine (files ending in .sources or .list only). */
export function readAptSources(root = "/etc/apt") {
  /** @type {AptEntry[]} */
  const all = [];
  const add = (/** @type {string} */ file) => {
    let text;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch {
      return;
    }
    const parsed = file.endsWith(".sources") ? parseDeb822(text) : parseOneLine(text);
    for (const e of parsed) all.push({ ...e, file });
  };
  add(path.join(root, "sources.list"));
  let names = [];
  try {
    names = fs.readdirSync(path.join(root, "sources.list.d")).sort();
  } catch {
    names = [];
  }
  for (const name of names) {
    if (name.endsWith(".sources") || name.endsWith(".list")) add(path.join(root, "sources.list.d", name));
  }
  return all;
}

/**
 * The Debian archive among the entries: a binary (`deb`) source whose URI path ends in `/debian`
 * (not debian-security, not a third-party repository). Returns undefined on non-Debian machines.
 * @param {AptEntry[]} entries
 * @returns {{ uri: string, signedBy?: string } | undefined}
 */
export function findDebianMirror(entries) {
  for (const e of entries) {
    if (!e.enabled || !e.types.includes("deb")) continue;
    for (const uri of e.uris) {
      let p;
      try {
        p = new URL(uri).pathname.replace(/\/+$/, "");
      } catch {
        continue;
      }
      if (/(^|\/)debian$/.test(p)) return { uri, signedBy: e.signedBy };
    }
  }
  return undefined;
}

/** True when some enabled entry already offers the `experimental` suite. */
export function hasExperimental(/** @type {AptEntry[]} */ entries) {
  return entries.some((e) => e.enabled && e.types.includes("deb") && e.suites.includes("experimental"));
}

/** deb822 text for the experimental suite on the given mirror. */
export function experimentalSourcesText(/** @type {{ uri: string, signedBy?: string }} */ mirror) {
  const lines = ["Types: deb", `URIs: ${mirror.uri}`, "Suites: experimental", "Components: main"];
  // A multi-line Signed-By (an inline key block) keeps its continuation-line indentation.
  if (mirror.signedBy) lines.push(`Signed-By: ${mirror.signedBy.split("\n").join("\n ")}`);
  return lines.join("\n") + "\n";
}

/**
 * Priority 1: apt never picks a package from experimental on its own; only an explicit
 * `apt-get install -t experimental …` does.
 */
export const EXPERIMENTAL_PIN = "Package: *\nPin: release a=experimental\nPin-Priority: 1\n";
