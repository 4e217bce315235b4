import { z } from "zod";
import { defineControl } from "./control-handler";

/** `POST /control/ping` — web checks that the secret matches and the process answers. */
export const ping = defineControl({
  schema: z.strictObject({}),
  async handle() {
    return { ok: true, pid: process.pid };
  },
});
