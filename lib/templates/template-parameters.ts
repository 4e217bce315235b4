/**
 * Template placeholders (reference §3.2): positional `{{1}}` or named `{{first_name}}`. Counting the
 * distinct ones per component tells the composer how many values to ask for, and checking the
 * count before sending avoids Meta's 132000 (parameter count mismatch).
 */
const PLACEHOLDER = /\{\{\s*([a-z0-9_]+)\s*\}\}/gi;

interface Component {
  type?: string;
  format?: string;
  text?: string;
}

function componentText(components: unknown[], type: "HEADER" | "BODY"): string | undefined {
  const c = components.find((x) => typeof x === "object" && x !== null && String((x as Component).type).toUpperCase() === type) as Component | undefined;
  if (!c) return undefined;
  if (type === "HEADER" && c.format && c.format.toUpperCase() !== "TEXT") return undefined;
  return c.text;
}

export function placeholders(text: string | undefined): string[] {
  if (!text) return [];
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

export function parameterCounts(components: unknown[]): { header: number; body: number } {
  return { header: placeholders(componentText(components, "HEADER")).length, body: placeholders(componentText(components, "BODY")).length };
}

/** The body as the customer will read it, for the thread and the list preview. */
export function renderTemplateBody(components: unknown[], bodyParams: string[] = []): string | null {
  const text = componentText(components, "BODY");
  if (!text) return null;
  const names = placeholders(text);
  return text.replace(PLACEHOLDER, (_, name: string) => bodyParams[names.indexOf(name)] ?? `{{${name}}}`);
}

/** Names of the body placeholders, in first-appearance order (named templates send parameter_name). */
export function bodyParameterNames(components: unknown[]): string[] {
  return placeholders(componentText(components, "BODY"));
}

export function headerParameterNames(components: unknown[]): string[] {
  return placeholders(componentText(components, "HEADER"));
}
