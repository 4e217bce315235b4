import "server-only";
import { selectEngine, type TSelectedEngine } from "../select-engine";
import type { TBotSettings } from "../settings.schema";

/** The engine for a workspace's settings (Claude when a key is set and not forced to rules). */
export function buildEngine(settings: TBotSettings): TSelectedEngine {
  const businessName = settings.businessName || undefined;
  return selectEngine({
    preferred: settings.engine,
    rules: businessName ? { businessName } : {},
    claude: {
      profile: {
        ...(businessName ? { businessName } : {}),
        ...(settings.persona ? { persona: settings.persona } : {}),
        ...(settings.businessProfile ? { businessProfile: settings.businessProfile } : {}),
      },
    },
  });
}
