/**
 * Serialise JSON the way Meta's webhook sender does (reference §1.3, §9.2): every non-ASCII UTF-16
 * code unit becomes a lowercase `\uXXXX` escape (emoji become surrogate pairs) and `/` becomes `\/`.
 * The sandbox signs these exact bytes, so an app that re-serialises before checking the HMAC fails
 * in tests the same way it would fail against Meta.
 */
export function metaJsonStringify(value: unknown): string {
  const json = JSON.stringify(value);
  let out = "";
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c > 0x7e) out += "\\u" + c.toString(16).padStart(4, "0");
    else if (c === 0x2f) out += "\\/";
    else out += json[i];
  }
  return out;
}

/** The bytes the sandbox puts on the wire (pure ASCII after escaping). */
export function metaJsonBytes(value: unknown): Buffer {
  return Buffer.from(metaJsonStringify(value), "utf8");
}
