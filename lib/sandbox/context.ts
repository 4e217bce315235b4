import type { SandboxStore } from "./store";
import type { WebhookSender } from "./webhook-sender";

/** What every sandbox handler gets. */
export interface SandboxContext {
  store: SandboxStore;
  sender: WebhookSender;
}
