import { z } from "zod";

/** Web's Call id (cuid/uuid-like): letters, digits, `_` and `-`, at most 64 characters. */
export const ZCallIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1–64 letters, digits, _ or -");

/** An SDP as Meta sends it in `session.sdp` (real CRLFs); 16 KB is ~10× a real one. */
export const ZSdpTextSchema = z.string().min(1).max(16 * 1024);

export const ZCallOnlySchema = z.strictObject({ callId: ZCallIdSchema });
export type TCallOnly = z.infer<typeof ZCallOnlySchema>;
