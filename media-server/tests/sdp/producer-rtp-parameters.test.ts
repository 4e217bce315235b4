import { describe, expect, it } from "vitest";
import { producerRtpParameters } from "../../src/sdp/producer-rtp-parameters";
import { readWhatsAppSdp } from "../../src/sdp/read-whatsapp-sdp";
import { SdpError } from "../../src/sdp/sdp-error";
import { fixture } from "./fixtures";

const info = readWhatsAppSdp(fixture("meta-uic-offer-2025-10.sdp"), { kind: "offer" });

describe("producerRtpParameters — customer producer on the PlainTransport", () => {
  it("builds Opus PT 111 48000/2 with the offer's fmtp, Meta's SSRC and cname, rtcp mux", () => {
    expect(producerRtpParameters(info)).toEqual({
      codecs: [
        {
          mimeType: "audio/opus",
          payloadType: 111,
          clockRate: 48000,
          channels: 2,
          parameters: { maxaveragebitrate: 20000, maxplaybackrate: 16000, minptime: 20, "sprop-maxcapturerate": 16000, useinbandfec: 1 },
          rtcpFeedback: [],
        },
      ],
      headerExtensions: [],
      encodings: [{ ssrc: 1047224411 }],
      rtcp: { cname: "WhatsAppAudioStream1", reducedSize: false, mux: true },
    });
  });

  it("adds telephone-event/8000 on 126 only when asked", () => {
    const p = producerRtpParameters(info, { includeTelephoneEvent: true });
    expect(p.codecs[1]).toEqual({ mimeType: "audio/telephone-event", payloadType: 126, clockRate: 8000, parameters: {}, rtcpFeedback: [] });
  });

  it("keeps the offer's header extensions only when asked", () => {
    const documented = readWhatsAppSdp(fixture("meta-uic-offer-documented-reconstructed.sdp"), { kind: "offer" });
    expect(producerRtpParameters(documented).headerExtensions).toEqual([]);
    expect(producerRtpParameters(documented, { includeHeaderExtensions: true }).headerExtensions).toEqual([
      { uri: "urn:ietf:params:rtp-hdrext:ssrc-audio-level", id: 1 },
      { uri: "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", id: 2 },
      { uri: "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", id: 3 },
    ]);
  });

  it("uses an explicit SSRC (learnt from the first packet) when the SDP has no a=ssrc line", () => {
    const noSsrc = readWhatsAppSdp(fixture("meta-uic-offer-2025-10.sdp").replace(/a=ssrc:[^\r]*\r\n/, ""), { kind: "offer" });
    expect(noSsrc.ssrc).toBeNull();
    expect(() => producerRtpParameters(noSsrc)).toThrow(SdpError);
    const p = producerRtpParameters(noSsrc, { ssrc: 42 });
    expect(p.encodings).toEqual([{ ssrc: 42 }]);
    expect(p.rtcp).toEqual({ reducedSize: false, mux: true });
  });

  it("does not share the fmtp object with the parsed SDP", () => {
    const p = producerRtpParameters(info);
    p.codecs[0].parameters.useinbandfec = 0;
    expect(info.opus.parameters.useinbandfec).toBe(1);
  });
});
