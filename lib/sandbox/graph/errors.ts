import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { sendJson } from "../http";
import type { TAsyncError } from "../store";

/**
 * Meta's error shapes (reference §5.1). Synchronous: the Graph envelope
 * `{ error: { message: "(#code) title", type, code, error_data: { messaging_product, details }, fbtrace_id } }`;
 * asynchronous (webhooks): `{ code, title, message, error_data: { details }, href }`.
 */
export const ERROR_CODES_HREF = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/";

export class GraphError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    readonly title: string,
    readonly details?: string,
    readonly type = "OAuthException",
    /** Auth errors use Meta's plain message without the "(#code)" prefix. */
    readonly plainMessage = false,
  ) {
    super(title);
  }

  body(): { error: Record<string, unknown> } {
    const error: Record<string, unknown> = {
      message: this.plainMessage ? this.title : `(#${this.code}) ${this.title}`,
      type: this.type,
      code: this.code,
    };
    if (this.details !== undefined) error.error_data = { messaging_product: "whatsapp", details: this.details };
    error.fbtrace_id = randomBytes(12).toString("base64url");
    return { error };
  }
}

export function sendGraphError(res: ServerResponse, err: GraphError): void {
  sendJson(res, err.httpStatus, err.body(), err.httpStatus === 401 ? { "www-authenticate": 'OAuth "Facebook Platform" "invalid_token"' } : {});
}

export const graphErrors = {
  invalidToken: () =>
    new GraphError(401, 190, "Invalid OAuth access token - Cannot parse access token", undefined, "OAuthException", true),
  expiredToken: () =>
    new GraphError(401, 190, "Error validating access token: Session has expired on Friday, 27-Nov-26 10:00:00 PST.", undefined, "OAuthException", true),
  invalidParameter: (details: string) => new GraphError(400, 100, "Invalid parameter", details),
  unsupportedRequest: (method: string, id: string) =>
    new GraphError(
      400,
      100,
      `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      undefined,
      "GraphMethodException",
    ),
  missingParameter: (details: string) => new GraphError(400, 131008, "Required parameter is missing", details),
  invalidValue: (details: string) => new GraphError(400, 131009, "Parameter value is not valid", details),
  throughput: (httpStatus = 400) => new GraphError(httpStatus, 130429, "Rate limit hit", "Cloud API message throughput has been reached."),
  pairRateLimit: () =>
    new GraphError(400, 131056, "(Business Account, Consumer Account) pair rate limit hit", "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time."),
  unknown: () => new GraphError(500, 131000, "Something went wrong", "Something went wrong. Please try again later."),
  unavailable: () => new GraphError(503, 131016, "Service unavailable", "A service is temporarily unavailable. Please try again later."),
  templateMissing: (name: string, language: string) =>
    new GraphError(404, 132001, "Template name does not exist in the translation", `template name (${name}) does not exist in ${language}`),
  templateParams: (component: string, got: number, expected: number) =>
    new GraphError(
      400,
      132000,
      "Number of parameters does not match the expected number of params",
      `${component}: number of localizable_params (${got}) does not match the expected number of params (${expected})`,
    ),
  mediaUpload: (details: string) => new GraphError(400, 131053, "Media upload error", details),
  reengagement: () =>
    new GraphError(
      400,
      131047,
      "Re-engagement message",
      "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
    ),
};

function asyncError(code: number, title: string, details: string): TAsyncError {
  return { code, title, message: title, error_data: { details }, href: ERROR_CODES_HREF };
}

export const asyncErrors = {
  reengagement: () =>
    asyncError(131047, "Re-engagement message", "Message failed to send because more than 24 hours have passed since the customer last replied to this number."),
  undeliverable: () =>
    asyncError(
      131026,
      "Message undeliverable",
      "Unable to deliver message. Reasons can include: The recipient phone number is not a WhatsApp phone number; The recipient has not accepted our new Terms of Service and Privacy Policy; The recipient is using an old WhatsApp version.",
    ),
};
