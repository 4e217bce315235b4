import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FRAPPE_SANDBOX_DEFAULTS } from "@/lib/crm/config";
import { FrappeClient } from "@/lib/crm/frappe-client";
import { FRAPPE_SIGNATURE_HEADER, verifyFrappeWebhookSignature } from "@/lib/crm/webhook-signature";
import { type RunningFakeFrappe, startFakeFrappe } from "@/lib/sandbox/frappe/server";

/**
 * The fake Frappe CRM's own behaviours that the app's webhook receiver, OAuth provider and embed
 * view will rely on (reference §5.1, §2.1, §7): signed Python-style webhook bodies with Frappe's
 * 3-attempt retry, CRM's phone lookup method, the lead page's iframe, the control API over HTTP.
 */
let fake: RunningFakeFrappe;
let receiver: Server;
let receiverUrl: string;
let received: { body: Buffer; signature: string | undefined; contentType: string | undefined }[] = [];
let failNext = 0;
let client: FrappeClient;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ body: Buffer.concat(chunks), signature: req.headers[FRAPPE_SIGNATURE_HEADER] as string | undefined, contentType: req.headers["content-type"] });
      if (failNext > 0) {
        failNext--;
        res.writeHead(500).end();
      } else res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/frappe`;
  fake = await startFakeFrappe({ port: 0, webhookUrl: receiverUrl, webhookRetryDelaysMs: [5, 5], appUrl: "http://app.test:3000" });
  client = new FrappeClient({ baseUrl: fake.url, auth: { kind: "token", apiKey: FRAPPE_SANDBOX_DEFAULTS.apiKey, apiSecret: FRAPPE_SANDBOX_DEFAULTS.apiSecret } });
});
afterAll(async () => {
  await fake.close();
  receiver.closeAllConnections();
  await new Promise<void>((r) => receiver.close(() => r()));
});
beforeEach(async () => {
  await fake.sender.idle();
  fake.reset();
  received = [];
  failNext = 0;
});

describe("outgoing webhooks", () => {
  it("signs json.dumps bodies on lead owner/status changes; our verifier accepts them", async () => {
    await client.update("CRM Lead", "CRM-LEAD-2026-00001", { lead_owner: "agent2@example.com", status: "Contacted" });
    await fake.sender.idle();
    expect(received).toHaveLength(1);
    const [d] = received;
    expect(verifyFrappeWebhookSignature(d!.body, d!.signature, FRAPPE_SANDBOX_DEFAULTS.webhookSecret)).toBe(true);
    expect(verifyFrappeWebhookSignature(d!.body, d!.signature, "wrong-secret")).toBe(false);
    const text = d!.body.toString("utf8");
    expect(text).toContain('"event": "on_update"'); // Python separators
    expect(JSON.parse(text)).toMatchObject({ doctype: "CRM Lead", name: "CRM-LEAD-2026-00001", lead_owner: "agent2@example.com", status: "Contacted", changed: ["lead_owner", "status"] });
  });

  it("does not fire for fields nobody subscribed to, and fires on insert", async () => {
    await client.update("CRM Lead", "CRM-LEAD-2026-00001", { website: "https://x.example" });
    await client.insert("CRM Lead", { first_name: "Neha", mobile_no: "+919000000001" });
    await fake.sender.idle();
    expect(received.map((r) => JSON.parse(r.body.toString()).event)).toEqual(["after_insert"]);
  });

  it("retries a failing receiver up to 3 attempts in all, then gives up", async () => {
    failNext = 5;
    await client.update("CRM Lead", "CRM-LEAD-2026-00002", { status: "Nurture" });
    await fake.sender.idle();
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.body.toString())).size).toBe(1);
    const res = await fetch(`${fake.url}/control/webhooks`);
    const log = (await res.json()) as { data: { delivered: boolean; attempts: { status: number }[] }[] };
    expect(log.data[0]).toMatchObject({ delivered: false, attempts: [{ status: 500 }, { status: 500 }, { status: 500 }] });
  });
});

describe("CRM behaviours", () => {
  it("naming series, lead_name, default status and 417 for Lost without a reason", async () => {
    const lead = await client.insert<{ name: string; lead_name: string; status: string; converted: number; creation: string }>("CRM Lead", { first_name: "Neha", last_name: "Gupta" });
    expect(lead.name).toMatch(/^CRM-LEAD-\d{4}-00007$/);
    expect(lead).toMatchObject({ lead_name: "Neha Gupta", status: "New", converted: 0 });
    expect(lead.creation).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
    await expect(client.update("CRM Lead", lead.name, { status: "Junk" })).rejects.toMatchObject({ httpStatus: 417, messages: ["Error: Value missing for CRM Lead: Lost Reason"] });
    await expect(client.delete("CRM Lead", lead.name)).resolves.toBeUndefined();
    expect(await client.findDoc("CRM Lead", lead.name)).toBeNull();
  });

  it("crm.integrations.api.get_contact_by_phone_number answers like CRM (lead, deal contact, no match)", async () => {
    expect(await client.call("crm.integrations.api.get_contact_by_phone_number", { phone_number: "+919812345678" })).toMatchObject({ lead: "CRM-LEAD-2026-00001", full_name: "Priya Sharma" });
    expect(await client.call("crm.integrations.api.get_contact_by_phone_number", { phone_number: "+919900112233" })).toMatchObject({ deal: "CRM-DEAL-" + new Date().getFullYear() + "-00001" });
    expect(await client.call("crm.integrations.api.get_contact_by_phone_number", { phone_number: "+911111111111" })).toEqual({ mobile_no: "+911111111111" });
    expect(await client.call("crm.integrations.api.get_contact_lead_or_deal_from_number", { number: "+911111111111" })).toEqual([null, null]);
  });

  it("get_activities lists a call twice when it is both referenced and linked (CRM's quirk)", async () => {
    await client.insert("CRM Call Log", { id: "both", type: "Outgoing", status: "Completed", from: "1", to: "2", reference_doctype: "CRM Lead", reference_docname: "CRM-LEAD-2026-00001", links: [{ link_doctype: "CRM Lead", link_name: "CRM-LEAD-2026-00001" }] });
    const [, calls] = (await client.call<unknown[][]>("crm.api.activities.get_activities", { name: "CRM-LEAD-2026-00001" }))!;
    expect(calls!.length).toBe(2);
  });
});

describe("pages and discovery", () => {
  it("the lead page iframes the app's embed view", async () => {
    const res = await fetch(`${fake.url}/app/crm-lead/CRM-LEAD-2026-00001`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('<iframe id="whatsapp-embed" title="WhatsApp" src="http://app.test:3000/embed/lead/CRM-LEAD-2026-00001"');
    expect((await fetch(`${fake.url}/app/crm-lead/nope`)).status).toBe(404);
  });

  it("serves the OpenID configuration with its own issuer and a login form", async () => {
    const conf = (await (await fetch(`${fake.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(conf).toMatchObject({ issuer: fake.url, token_endpoint: `${fake.url}/api/method/frappe.integrations.oauth2.get_token`, id_token_signing_alg_values_supported: ["HS256"] });
    expect(conf).not.toHaveProperty("jwks_uri");
    const authorize = await fetch(`${fake.url}/api/method/frappe.integrations.oauth2.authorize?client_id=x`, { redirect: "manual" });
    expect(authorize.status).toBe(302);
    expect(authorize.headers.get("location")).toMatch(/^\/login\?redirect-to=/);
    expect(await (await fetch(`${fake.url}/login`)).text()).toContain('name="pwd"');
  });

  it("the control API resets state and injects faults over HTTP", async () => {
    await client.insert("CRM Lead", { first_name: "Temp" });
    await fetch(`${fake.url}/control/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ status: 429, retryAfterSec: 2 }) });
    await expect(client.getList("CRM Lead")).rejects.toMatchObject({ httpStatus: 429, retryAfterMs: 2000 });
    await fetch(`${fake.url}/control/reset`, { method: "POST" });
    expect(await client.getList("CRM Lead", { limit: 0 })).toHaveLength(6);
    expect((await (await fetch(`${fake.url}/health`)).json()) as unknown).toEqual({ status: "ok" });
  });
});
