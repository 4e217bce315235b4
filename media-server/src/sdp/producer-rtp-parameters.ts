import type { RtpParameters } from "mediasoup/lib/types";
import type { WhatsAppSdpInfo } from "./read-whatsapp-sdp";
import { SdpError } from "./sdp-error";

export interface ProducerRtpParametersOptions {
  /** Use this SSRC instead of the SDP's (e.g. learnt from the first packet when `a=ssrc` is absent). */
  ssrc?: number;
  /** Also list `telephone-event/8000`. Off by default: mediasoup 3.8.4 consumers drop it anyway and
   * DTMF is decoded in the gateway (media-bridge §9 fact 10). The router must then have it too. */
  includeTelephoneEvent?: boolean;
  /** Keep the offer's header extensions (e.g. ssrc-audio-level for an AudioLevelObserver). Off by
   * default because the gateway may rewrite or strip extensions before relaying. */
  includeHeaderExtensions?: boolean;
}

/**
 * `rtpParameters` for the customer producer on the inbound PlainTransport: Opus on the SDP's PT
 * (111) at 48000/2 with the SDP's fmtp, one encoding with Meta's SSRC, and RTCP with Meta's cname
 * (`WhatsAppAudioStream1`), muxed. With the router's Opus `preferredPayloadType: 111` no PT
 * remapping happens anywhere (media-bridge §1.1, §9 fact 5).
 */
export function producerRtpParameters(info: WhatsAppSdpInfo, options: ProducerRtpParametersOptions = {}): RtpParameters {
  const ssrc = options.ssrc ?? info.ssrc;
  if (ssrc === null || ssrc === undefined) {
    throw new SdpError("malformed", "no a=ssrc in the SDP and no ssrc given: the producer cannot match RTP");
  }
  const codecs: RtpParameters["codecs"] = [
    {
      mimeType: "audio/opus",
      payloadType: info.opus.payloadType,
      clockRate: 48000,
      channels: 2,
      parameters: { ...info.opus.parameters },
      rtcpFeedback: [],
    },
  ];
  if (options.includeTelephoneEvent && info.telephoneEvent) {
    codecs.push({ mimeType: "audio/telephone-event", payloadType: info.telephoneEvent.payloadType, clockRate: 8000, parameters: {}, rtcpFeedback: [] });
  }
  return {
    codecs,
    headerExtensions: options.includeHeaderExtensions ? info.headerExtensions.map((e) => ({ uri: e.uri, id: e.id })) : [],
    encodings: [{ ssrc }],
    rtcp: { ...(info.cname ? { cname: info.cname } : {}), reducedSize: info.rtcpReducedSize, mux: true },
  };
}
