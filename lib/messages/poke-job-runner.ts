/**
 * Wakes this process's job runner (lib/jobs/start-web-runner.ts keeps it on globalThis) right after
 * enqueueing, so a webhook or a send is processed now instead of at the next poll.
 */
export function pokeJobRunner(): void {
  (globalThis as unknown as { __jobRunner?: { poke(): void } }).__jobRunner?.poke();
}
