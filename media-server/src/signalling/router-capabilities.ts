import { generateRouterRtpCapabilities } from "mediasoup/lib/ortc";
import type { RtpCapabilities } from "mediasoup/lib/types";
import { ROUTER_MEDIA_CODECS } from "../rooms/call-room";

let cached: RtpCapabilities | null = null;

/**
 * The RTP capabilities of every call router: mediasoup derives them from the media codecs alone
 * (Worker.createRouter calls this same function), and every room uses ROUTER_MEDIA_CODECS. The
 * softphone loads its Device with them once, before any call.
 */
export function callRouterRtpCapabilities(): RtpCapabilities {
  cached ??= generateRouterRtpCapabilities(ROUTER_MEDIA_CODECS);
  return cached;
}
