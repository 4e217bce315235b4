import { Inbox } from "lucide-react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { QueryView, type QueryViewQuery } from "./query-view";

type Rows = { data: string[] };

const base = { error: null, refetch: () => undefined };
const pending: QueryViewQuery<Rows> = { ...base, isPending: true, isError: false, data: undefined };
const loaded = (data: string[]): QueryViewQuery<Rows> => ({
  ...base,
  isPending: false,
  isError: false,
  data: { data },
});
const failed = (data?: Rows): QueryViewQuery<Rows> => ({
  ...base,
  isPending: false,
  isError: true,
  error: new Error("boom"),
  data,
});

function render(query: QueryViewQuery<Rows>, inset = false): string {
  return renderToStaticMarkup(
    <QueryView
      query={query}
      loadingLabel="Loading rows…"
      errorTitle="Could not load rows."
      isEmpty={({ data }) => data.length === 0}
      empty={{ icon: Inbox, title: "No rows yet", description: "Rows show up here." }}
      inset={inset}
    >
      {({ data }) => (
        <ul aria-label="Rows">
          {data.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
    </QueryView>,
  );
}

describe("QueryView", () => {
  it("shows the loading label as a status while the first load runs", () => {
    const html = render(pending);
    expect(html).toContain('role="status"');
    expect(html).toContain("Loading rows…");
    expect(html).not.toContain("No rows yet");
  });

  it("shows the error with its title, message and Try again, even when older data is cached", () => {
    for (const query of [failed(), failed({ data: ["old"] })]) {
      const html = render(query);
      expect(html).toContain('role="alert"');
      expect(html).toContain("Could not load rows.");
      expect(html).toContain("boom");
      expect(html).toContain("Try again");
      expect(html).not.toContain("old");
    }
  });

  it("Try again refetches", () => {
    const refetch = vi.fn();
    const view = QueryView({
      query: { ...failed(), refetch },
      loadingLabel: "Loading rows…",
      isEmpty: () => false,
      empty: { title: "No rows yet" },
      children: () => null,
    }) as { props: { onRetry: () => void } };
    view.props.onRetry();
    expect(refetch).toHaveBeenCalledOnce();
  });

  it("shows the empty state when isEmpty says so, and the children otherwise", () => {
    const empty = render(loaded([]));
    expect(empty).toContain("No rows yet");
    expect(empty).toContain("Rows show up here.");
    expect(empty).not.toContain('aria-label="Rows"');

    const full = render(loaded(["a", "b"]));
    expect(full).toContain('<ul aria-label="Rows"><li>a</li><li>b</li></ul>');
    expect(full).not.toContain("No rows yet");
  });

  it("pads the error and empty states only when inset", () => {
    expect(render(loaded([]), true)).toMatch(/^<div class="p-5">/);
    expect(render(loaded([]), false)).not.toMatch(/^<div class="p-5">/);
    expect(render(failed(), true)).toMatch(/^<div class="p-5"><div role="alert"/);
    expect(render(failed(), false)).toMatch(/^<div role="alert"/);
  });
});
