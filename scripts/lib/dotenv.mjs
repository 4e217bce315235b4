// A small `.env` reader (KEY=VALUE lines) for the bootstrap and the demo, which run before
// npm packages exist. The real environment always wins over the file.
import fs from "node:fs";

/**
 * Parses KEY=VALUE lines. Blank lines and `#` comments are skipped, an optional `export ` prefix
 * is allowed, and values may be wrapped in single or double quotes (double quotes understand \n).
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseDotEnv(text) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2];
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1).replace(/\\n/g, "\n").replace(/\\"/g, '"');
    } else if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
      value = value.slice(1, -1);
    } else {
      // An unquoted value ends at an inline comment (" #").
      value = value.replace(/\s+#.*$/, "").trim();
    }
    out[m[1]] = value;
  }
  return out;
}

/**
 * Loads `file` into `env` without overriding variables that are already set.
 * @returns {string[]} the names that were taken from the file
 */
export function loadDotEnv(file = ".env", env = process.env) {
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return []; // no .env: configuration comes from the environment only
  }
  const loaded = [];
  for (const [key, value] of Object.entries(parseDotEnv(text))) {
    if (env[key] === undefined) {
      env[key] = value;
      loaded.push(key);
    }
  }
  return loaded;
}
