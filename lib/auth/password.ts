import { hash, verify } from "@node-rs/argon2";

/** Argon2id with OWASP's recommended minimum (19 MiB, 2 iterations). */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    // A malformed stored hash is a failed check, never a crash of the sign-in route.
    return false;
  }
}

/** A hash to verify against when the user does not exist, so timing does not reveal that. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword("not-a-real-password-" + Math.random());
  return dummy;
}
