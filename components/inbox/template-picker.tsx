"use client";

import { useQuery } from "@tanstack/react-query";
import { FileCheck2 } from "lucide-react";
import { useId, useMemo, useState } from "react";
import { errorMessage } from "@/components/shell/api-fetch";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { fillTemplate, placeholders } from "./format";
import { listTemplates, qk } from "./inbox-api";
import type { TemplateDTO } from "./types";

/**
 * Outside the 24-hour window only approved templates may be sent (reference §3.1). The agent picks
 * one and fills its `{{1}}` / `{{name}}` placeholders; the preview shows the hydrated text.
 * Only text headers take parameters here; media headers need an uploaded file (later).
 */
export interface TemplateSendInput {
  name: string;
  language: string;
  parameters: { body?: string[]; header?: string[] };
  preview: string;
}

export function TemplatePicker({
  onSend,
  sending,
}: {
  onSend: (t: TemplateSendInput) => void;
  sending: boolean;
}) {
  const templates = useQuery({ queryKey: qk.templates, queryFn: listTemplates, staleTime: 5 * 60_000 });
  const approved = useMemo(
    () => (templates.data?.data ?? []).filter((t) => t.status.toUpperCase() === "APPROVED"),
    [templates.data],
  );
  const [key, setKey] = useState("");
  const [values, setValues] = useState<Record<string, string>>({});
  const selectId = useId();

  const selected = approved.find((t) => `${t.name}|${t.language}` === key) ?? null;
  const parts = selected ? templateParts(selected) : null;
  const missing = parts
    ? [...parts.header, ...parts.body].some((p) => !values[`${p.section}:${p.key}`]?.trim())
    : true;

  if (templates.isPending) return <Spinner label="Loading templates…" />;
  if (templates.isError)
    return <p className="text-sm text-red-700">Could not load templates: {errorMessage(templates.error)}</p>;
  if (approved.length === 0)
    return (
      <p className="text-sm text-slate-600">
        No approved templates yet. Create one in WhatsApp Manager, then sync.
      </p>
    );

  const preview = parts
    ? [parts.headerText, parts.bodyText]
        .map((text, i) => {
          const section = i === 0 ? "header" : "body";
          const vals = Object.fromEntries(
            Object.entries(values)
              .filter(([k]) => k.startsWith(section + ":"))
              .map(([k, v]) => [k.slice(section.length + 1), v]),
          );
          return text ? fillTemplate(text, vals) : null;
        })
        .filter(Boolean)
        .join("\n")
    : "";

  return (
    <form
      data-testid="template-picker"
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (!selected || !parts || missing) return;
        const pick = (section: "header" | "body") =>
          parts[section].map((p) => values[`${section}:${p.key}`]!.trim());
        const parameters: TemplateSendInput["parameters"] = {};
        if (parts.body.length) parameters.body = pick("body");
        if (parts.header.length) parameters.header = pick("header");
        onSend({ name: selected.name, language: selected.language, parameters, preview });
        setValues({});
      }}
    >
      <div>
        <Label htmlFor={selectId}>Template</Label>
        <Select
          id={selectId}
          value={key}
          onChange={(e) => {
            setKey(e.target.value);
            setValues({});
          }}
        >
          <option value="">Choose a template…</option>
          {approved.map((t) => (
            <option key={`${t.name}|${t.language}`} value={`${t.name}|${t.language}`}>
              {t.name} ({t.language}) · {t.category.toLowerCase()}
            </option>
          ))}
        </Select>
      </div>
      {parts ? (
        <>
          {[...parts.header, ...parts.body].length ? (
            <div className="grid gap-2 sm:grid-cols-2">
              {[...parts.header, ...parts.body].map((p) => {
                const k = `${p.section}:${p.key}`;
                return (
                  <div key={k}>
                    <Label htmlFor={`tp-${k}`} className="text-xs">
                      {p.section === "header" ? "Header" : "Body"} {`{{${p.key}}}`}
                    </Label>
                    <Input
                      id={`tp-${k}`}
                      value={values[k] ?? ""}
                      placeholder={p.example ?? ""}
                      onChange={(e) => setValues((v) => ({ ...v, [k]: e.target.value }))}
                      className="h-9"
                    />
                  </div>
                );
              })}
            </div>
          ) : null}
          {parts.unsupportedHeader ? (
            <p className="text-xs text-amber-800">
              This template has a {parts.unsupportedHeader.toLowerCase()} header, which can&apos;t be filled
              from the inbox yet.
            </p>
          ) : null}
          <div
            className="rounded-lg bg-brand-50 px-3 py-2 text-sm whitespace-pre-wrap text-slate-800"
            data-testid="template-preview"
          >
            {preview}
          </div>
          <div className="flex justify-end">
            <Button type="submit" size="sm" loading={sending} disabled={missing || !!parts.unsupportedHeader}>
              <FileCheck2 aria-hidden className="size-4" />
              Send template
            </Button>
          </div>
        </>
      ) : null}
    </form>
  );
}

interface Param {
  section: "header" | "body";
  key: string;
  example?: string;
}

function templateParts(t: TemplateDTO) {
  const header = t.components.find((c) => c.type.toUpperCase() === "HEADER");
  const body = t.components.find((c) => c.type.toUpperCase() === "BODY");
  const examples = (c: typeof body): Record<string, string> => {
    const ex = (c?.example ?? {}) as {
      body_text?: string[][];
      header_text?: string[];
      body_text_named_params?: { param_name: string; example: string }[];
    };
    const out: Record<string, string> = {};
    ex.body_text?.[0]?.forEach((v, i) => (out[String(i + 1)] = v));
    ex.header_text?.forEach((v, i) => (out[String(i + 1)] = v));
    ex.body_text_named_params?.forEach((p) => (out[p.param_name] = p.example));
    return out;
  };
  const headerIsText = !header || !header.format || header.format.toUpperCase() === "TEXT";
  const hx = examples(header);
  const bx = examples(body);
  return {
    headerText: headerIsText ? header?.text : undefined,
    bodyText: body?.text,
    header: headerIsText
      ? placeholders(header?.text).map<Param>((key) => ({ section: "header", key, example: hx[key] }))
      : [],
    body: placeholders(body?.text).map<Param>((key) => ({ section: "body", key, example: bx[key] })),
    unsupportedHeader: headerIsText ? null : (header?.format ?? null),
  };
}
