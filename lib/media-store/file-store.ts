import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { decrypt, encrypt } from "@/lib/core/crypto";
import { env } from "@/lib/core/env";

/**
 * Encrypted blobs on the local disk: DATA_DIR/media/<random key>. AES-256-GCM with
 * APP_ENCRYPTION_KEY (lib/core/crypto.ts), so a copied data folder does not leak customer media.
 * Keys are random hex (never user input), so no path can escape the folder.
 */
function mediaDir(): string {
  return path.resolve(env().DATA_DIR, "media");
}

export function newStorageKey(): string {
  return randomBytes(16).toString("hex");
}

function fileOf(storageKey: string): string {
  if (!/^[0-9a-f]{32}$/.test(storageKey)) throw new Error(`Bad storage key ${storageKey}`);
  return path.join(mediaDir(), storageKey);
}

export async function writeBlob(storageKey: string, bytes: Uint8Array): Promise<void> {
  await fs.mkdir(mediaDir(), { recursive: true });
  const tmp = `${fileOf(storageKey)}.tmp-${process.pid}`;
  await fs.writeFile(tmp, encrypt(Buffer.from(bytes), env().encryptionKey));
  await fs.rename(tmp, fileOf(storageKey));
}

export async function readBlob(storageKey: string): Promise<Buffer> {
  return decrypt(await fs.readFile(fileOf(storageKey)), env().encryptionKey);
}
