import type { ControlHandler } from "./control-handler";
import { ping } from "./ping";
import { workerStats } from "./worker-stats";
import { applyAnswer } from "../handlers/apply-answer";
import { closeRoom } from "../handlers/close-room";
import { createCustomerLeg } from "../handlers/create-customer-leg";
import { createOutboundLeg } from "../handlers/create-outbound-leg";
import { holdCall } from "../handlers/hold-call";
import { resumeCall } from "../handlers/resume-call";
import { roomStats } from "../handlers/room-stats";
import { sendDtmf } from "../handlers/send-dtmf";

/** The control API dispatcher: path → handler (one small file each). */
export const CONTROL_HANDLERS: Record<string, ControlHandler> = {
  "/control/ping": ping,
  "/control/worker-stats": workerStats,
  "/control/calls/inbound": createCustomerLeg,
  "/control/calls/outbound": createOutboundLeg,
  "/control/calls/answer": applyAnswer,
  "/control/calls/hold": holdCall,
  "/control/calls/resume": resumeCall,
  "/control/calls/close": closeRoom,
  "/control/calls/stats": roomStats,
  "/control/calls/dtmf": sendDtmf,
};
