import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Constant-time comparison of two strings (or buffers) of possibly different length. */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const ab = Buffer.isBuffer(a) ? a : Buffer.from(a);
  const bb = Buffer.isBuffer(b) ? b : Buffer.from(b);
  // Compare digests so length differences do not short-circuit.
  const ha = createHash("sha256").update(ab).digest();
  const hb = createHash("sha256").update(bb).digest();
  return timingSafeEqual(ha, hb) && ab.length === bb.length;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

export function hmacSha256(secret: string | Buffer, data: string | Buffer): Buffer {
  return createHmac("sha256", secret).update(data).digest();
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** Derives a 32-byte key from the configured secret (any length) for AES-256-GCM. */
function keyFrom(secret: string): Buffer {
  return createHash("sha256").update(secret).digest();
}

/** AES-256-GCM: output is iv(12) | tag(16) | ciphertext. */
export function encrypt(plain: Buffer, secret: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(secret), iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function decrypt(data: Buffer, secret: string): Buffer {
  const iv = data.subarray(0, 12);
  const tag = data.subarray(12, 28);
  const decipher = createDecipheriv("aes-256-gcm", keyFrom(secret), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]);
}

export function encryptString(plain: string, secret: string): string {
  return encrypt(Buffer.from(plain, "utf8"), secret).toString("base64");
}

export function decryptString(enc: string, secret: string): string {
  return decrypt(Buffer.from(enc, "base64"), secret).toString("utf8");
}
