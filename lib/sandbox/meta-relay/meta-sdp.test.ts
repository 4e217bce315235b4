import fs from "node:fs";
import path from "node:path";
import { parse } from "sdp-transform";
import { afterEach, describe, expect, it } from "vitest";
import { createMetaRelay, type MetaRelay } from "./meta-relay";

/** The fake relay's SDPs must look like Meta's real ones (reference whatsapp-cloud-api §6.9 a, §9.4). */
const META_OFFER = fs.readFileSync(path.resolve(__dirname, "../../../tests/fixtures/sdp/meta-uic-offer-2025-10.sdp"), "utf8");

function shape(sdp: string) {
  const s = parse(sdp);
  const m = s.media[0];
  return {
    icelite: s.icelite,
    bundle: s.groups?.map((g) => `${g.type} ${g.mids}`),
    sections: s.media.map((x) => `${x.type} ${x.protocol} ${x.payloads}`),
    mid: String(m.mid),
    setup: m.setup ?? s.setup,
    direction: m.direction,
    rtcpMux: m.rtcpMux,
    rtp: m.rtp.map((r) => `${r.payload} ${r.codec}/${r.rate}${r.encoding ? `/${r.encoding}` : ""}`),
    fmtp: m.fmtp.map((f) => `${f.payload} ${f.config}`),
    ptime: m.ptime,
    maxptime: m.maxptime,
    cname: m.ssrcs?.find((x) => x.attribute === "cname")?.value,
    track: String(m.msid ?? "").split(" ")[1],
    candidateTypes: (m.candidates ?? []).filter((c) => c.ip.includes(".")).map((c) => `${c.transport} ${c.component} ${c.type}`),
    hasFingerprint: Boolean(m.fingerprint ?? s.fingerprint),
    crlf: sdp.includes("\r\n") && !/[^\r]\n/.test(sdp),
  };
}

let relay: MetaRelay | null = null;
afterEach(async () => {
  await relay?.close();
  relay = null;
});

describe("fake Meta relay SDP", () => {
  it("offers in the structure of Meta's captured user-initiated offer", async () => {
    relay = createMetaRelay({ tone: 440 });
    const offer = await relay.createOffer();
    expect(shape(offer)).toEqual({ ...shape(META_OFFER), crlf: true });
    expect(offer).toMatch(/a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 \d+ typ host/);
  });

  it("answers a business offer like Meta: ice-lite, setup:active, the offer's mid, Opus 111 + DTMF 126", async () => {
    const business = createMetaRelay(); // any werift offer will do as the business side here
    try {
      const offer = (await business.createOffer()).replace("a=ice-lite\r\n", "");
      relay = createMetaRelay({ tone: 440 });
      const answer = shape(await relay.acceptOffer(offer));
      expect(answer).toMatchObject({ icelite: "ice-lite", setup: "active", mid: "audio", rtp: ["111 opus/48000/2", "126 telephone-event/8000"], cname: "WhatsAppAudioStream1" });
    } finally {
      await business.close();
    }
  });
});
