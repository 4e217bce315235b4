import { describe, expect, it } from "vitest";
import { createKeyedMutex } from "./keyed-mutex";

describe("createKeyedMutex", () => {
  it("runs work for one key one at a time, in arrival order, and keys independently", async () => {
    const withLock = createKeyedMutex();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a1 = withLock("a", async () => {
      log.push("a1 start");
      await gate;
      log.push("a1 end");
    });
    const a2 = withLock("a", async () => {
      log.push("a2");
    });
    const b1 = withLock("b", async () => {
      log.push("b1");
    });
    await b1;
    expect(log).toEqual(["a1 start", "b1"]);
    release();
    await Promise.all([a1, a2]);
    expect(log).toEqual(["a1 start", "b1", "a1 end", "a2"]);
  });

  it("keeps going after a failure and passes results and errors through", async () => {
    const withLock = createKeyedMutex();
    await expect(withLock("k", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(withLock("k", async () => 42)).resolves.toBe(42);
  });
});
