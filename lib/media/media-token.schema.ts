import { z } from "zod";

/** `POST /api/media/token` body: optionally the call the socket is for. Unknown fields are rejected. */
export const ZIssueMediaTokenSchema = z.strictObject({
  callId: z.string().min(1).max(64).optional(),
});
export type TIssueMediaToken = z.infer<typeof ZIssueMediaTokenSchema>;

export const ZMediaTokenResponseSchema = z.object({
  /** Pass as socket.io `auth.token`. */
  token: z.string(),
  /** Where the browser connects (MEDIA_SERVER_PUBLIC_URL, else MEDIA_SERVER_URL). */
  url: z.string(),
  /** ISO time after which the media-server refuses the token at handshake (an open socket stays up). */
  expiresAt: z.string(),
});
export type TMediaTokenResponse = z.infer<typeof ZMediaTokenResponseSchema>;
