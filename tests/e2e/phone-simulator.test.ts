import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { makeToneWav } from "../fixtures/audio/tone-wav";
import { AGENT_TONE_HZ, agentHears, CUSTOMER_TONE_HZ, launchCallBrowser, near, Sandbox, waitForAgentTone, waitForCustomerTone, waitUntil } from "./call-helpers";
import { signIn } from "./helpers";

/**
 * Issue 4 §8 — the phone simulator places a call with the browser's microphone. Two Chromiums with
 * fake microphones: the simulator page plays tone A (660 Hz), the agent's page tone B (880 Hz).
 * A travels page → sandbox browser bridge → fake Meta relay (ICE-lite) → media-server gateway →
 * mediasoup → agent; B comes back the same way and is measured in the simulator page with an
 * AnalyserNode on its remote <audio> stream. The relay's own tone (440 Hz) must not be heard while
 * the microphone speaks, and comes back when the microphone is blocked.
 */
const baseURL = inject("baseURL");
const mediaServerURL = inject("mediaServerURL");
const accounts = inject("accounts");
const sb = new Sandbox(inject("sandboxURL"));

const PHONE_MIC_HZ = 660;

let agentBrowser: Browser;
let phoneBrowser: Browser;
const wavs: string[] = [];
let agent: { context: BrowserContext; page: Page };
const simCalls: string[] = [];

async function setPresence(page: Page, presence: "online" | "offline"): Promise<void> {
  const status = await page.evaluate(
    async (p) => (await fetch("/api/v1/me", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ presence: p }) })).status,
    presence,
  );
  expect(status).toBe(200);
}

/** The loudest frequency in the simulator page's remote <audio> stream (what the phone's user hears). */
async function phoneHears(page: Page): Promise<{ peakHz: number; peakDb: number } | null> {
  return page.evaluate(() => {
    const w = window as unknown as { __phoneProbe?: { analyser: AnalyserNode; ctx: AudioContext; stream: MediaStream } };
    const el = document.querySelector<HTMLAudioElement>('[data-testid="phone-remote-audio"]');
    const stream = el?.srcObject instanceof MediaStream ? el.srcObject : null;
    if (!stream || stream.getAudioTracks().length === 0) return null;
    if (!w.__phoneProbe || w.__phoneProbe.stream !== stream) {
      const ctx = new AudioContext({ sampleRate: 48_000 });
      void ctx.resume();
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 8192;
      analyser.smoothingTimeConstant = 0.5;
      ctx.createMediaStreamSource(stream).connect(analyser);
      w.__phoneProbe = { analyser, ctx, stream };
    }
    const { analyser, ctx } = w.__phoneProbe;
    const bins = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(bins);
    let best = 1;
    for (let i = 2; i < bins.length; i++) if (bins[i]! > bins[best]!) best = i;
    return { peakHz: (best * ctx.sampleRate) / analyser.fftSize, peakDb: bins[best]! };
  });
}

function waitForPhoneTone(page: Page, hz: number) {
  return waitUntil(`the phone page to hear ${hz} Hz`, async () => {
    const m = await phoneHears(page);
    return m && m.peakDb > -80 && near(m.peakHz, hz) ? m : null;
  });
}

async function openPhone(userKey: string, init?: () => void): Promise<{ context: BrowserContext; page: Page }> {
  const context = await phoneBrowser.newContext({ baseURL, viewport: { width: 420, height: 860 } });
  context.setDefaultTimeout(20_000);
  await context.grantPermissions(["microphone"], { origin: baseURL });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  await page.goto(`/sandbox/phone?user=${encodeURIComponent(userKey)}`);
  return { context, page };
}

/** The phone calls the business; the agent accepts. Returns the sandbox's call id and the accept click time. */
async function callAndAccept(phone: Page, userKey: string): Promise<{ simId: string; acceptedAt: number; audioUp: Promise<number> }> {
  await phone.getByTestId("phone-calls").getByRole("button", { name: "Call business" }).click();
  // The page's own link to the sandbox comes up while the call still rings.
  const audioUp = waitUntil("the phone's audio link", async () => (await phone.locator('[data-testid="phone-audio"][data-link="connected"]').count()) === 1).then(() => Date.now());
  const sim = await waitUntil("the sandbox call", async () => (await sb.userCalls(userKey)).find((c) => c.direction === "USER_INITIATED") ?? null);
  simCalls.push(sim.id);
  const card = agent.page.getByTestId("softphone-incoming").first();
  await card.waitFor();
  const acceptedAt = Date.now();
  await card.getByRole("button", { name: "Accept", exact: true }).click();
  return { simId: sim.id, acceptedAt, audioUp };
}

const describeMedia = mediaServerURL ? describe : describe.skip;

describeMedia("phone simulator with the browser's microphone (Chromium phone ⇄ sandbox bridge ⇄ relay ⇄ media-server ⇄ Chromium agent)", () => {
  beforeAll(async () => {
    const agentWav = makeToneWav(AGENT_TONE_HZ, 2);
    const phoneWav = makeToneWav(PHONE_MIC_HZ, 2);
    wavs.push(agentWav, phoneWav);
    [agentBrowser, phoneBrowser] = await Promise.all([launchCallBrowser(agentWav), launchCallBrowser(phoneWav)]);
    const context = await agentBrowser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(20_000);
    await context.grantPermissions(["microphone"], { origin: baseURL });
    const page = await context.newPage();
    await signIn(page, accounts.agent);
    await page.getByTestId("softphone").waitFor({ state: "attached" });
    await setPresence(page, "online");
    agent = { context, page };
  });

  afterEach(async () => {
    for (const id of simCalls.splice(0)) {
      const c = await sb.call(id);
      if (c.state !== "ended") await sb.hangup(id);
    }
    await waitUntil("the softphone to be idle", async () => (await agent.page.getByTestId("softphone-active").count()) === 0);
  });

  afterAll(async () => {
    if (agent) await setPresence(agent.page, "offline");
    await agentBrowser?.close();
    await phoneBrowser?.close();
    for (const w of wavs) fs.rmSync(path.dirname(w), { recursive: true, force: true });
  });

  it("the phone calls with its microphone: the agent hears tone A, the phone page hears tone B; mute silences the phone; the phone hangs up", async () => {
    const userKey = await sb.newUser("Caller Microphone");
    const phone = await openPhone(userKey);
    try {
      const calledAt = Date.now();
      const { simId, acceptedAt, audioUp } = await callAndAccept(phone.page, userKey);
      const audioBox = phone.page.getByTestId("phone-audio");
      await waitUntil("the microphone to be on", async () => (await audioBox.getAttribute("data-mic")) === "on");

      const [agentAt, phoneAt] = await Promise.all([
        waitForAgentTone(agent.page, PHONE_MIC_HZ, 15_000).then(() => Date.now()),
        waitForPhoneTone(phone.page, AGENT_TONE_HZ).then(() => Date.now()),
      ]);
      console.info(
        `[measure] phone "Call business" → page audio link connected ${(await audioUp) - calledAt} ms, agent's incoming card ${acceptedAt - calledAt} ms; agent accept → agent hears the phone's microphone ${agentAt - acceptedAt} ms, phone page hears the agent ${phoneAt - acceptedAt} ms`,
      );
      // The relay still analyses what the user hears, and its own tone is silent meanwhile.
      await waitForCustomerTone(sb, simId, AGENT_TONE_HZ);
      const heard = await agentHears(agent.page);
      expect(heard && near(heard.peakHz, CUSTOMER_TONE_HZ)).toBe(false);
      await waitUntil("the level meter to move", async () => Number(await phone.page.getByTestId("phone-mic-level").getAttribute("aria-valuenow")) > 0);
      expect(await audioBox.getAttribute("data-link")).toBe("connected");

      // Mute: the agent stops hearing tone A; unmute brings it back.
      await audioBox.getByRole("button", { name: "Mute", exact: true }).click();
      expect(await audioBox.getAttribute("data-muted")).toBe("true");
      await waitUntil("the agent to stop hearing the phone", async () => {
        const m = await agentHears(agent.page);
        return !m || m.peakDb < -80 || !near(m.peakHz, PHONE_MIC_HZ);
      });
      await audioBox.getByRole("button", { name: "Unmute", exact: true }).click();
      await waitForAgentTone(agent.page, PHONE_MIC_HZ);

      await phone.page.getByTestId("phone-calls").getByRole("button", { name: "Hang up" }).click();
      await agent.page.getByTestId("softphone-ended").waitFor();
      expect(await agent.page.getByTestId("softphone-ended").getAttribute("data-status")).toBe("completed");
      await waitUntil("the phone to be idle", async () => (await phone.page.getByTestId("phone-calls").getAttribute("data-call-state")) === "none");
    } finally {
      await phone.context.close();
    }
  });

  it("a blocked microphone is said plainly and the call goes on with the relay's tone, the page still plays the agent", async () => {
    const userKey = await sb.newUser("Caller Blocked Mic");
    // The person refuses the browser's permission prompt.
    const phone = await openPhone(userKey, () => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException("Permission denied", "NotAllowedError"));
    });
    try {
      const { audioUp } = await callAndAccept(phone.page, userKey);
      await audioUp; // listening only: the page still joins the call
      const audioBox = phone.page.getByTestId("phone-audio");
      await waitUntil("the blocked state", async () => (await audioBox.getAttribute("data-mic")) === "denied");
      await phone.page.getByTestId("phone-mic-status").getByText(/Microphone blocked/).waitFor();
      expect(await audioBox.getByRole("button", { name: "Mute", exact: true }).isDisabled()).toBe(true);
      await audioBox.getByRole("button", { name: "Try again" }).waitFor();

      await Promise.all([waitForAgentTone(agent.page, CUSTOMER_TONE_HZ, 15_000), waitForPhoneTone(phone.page, AGENT_TONE_HZ)]);
      await phone.page.getByTestId("phone-calls").getByRole("button", { name: "Hang up" }).click();
      await agent.page.getByTestId("softphone-ended").waitFor();
    } finally {
      await phone.context.close();
    }
  });
});
