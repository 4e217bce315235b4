import "server-only";
import type { Prisma } from "@prisma/client";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/api/actor";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { selectEngine } from "./select-engine";
import { parseBotSettings, type TBotSettingsDto, type TUpdateBotSettings } from "./settings.schema";

/** The bot settings of a workspace with its numbers' switches and the engine in effect. */
export async function getBotSettings(workspaceId: string): Promise<TBotSettingsDto> {
  const db = await getDb();
  const ws = await db.workspace.findUnique({ where: { id: workspaceId }, select: { settings: true } });
  if (!ws) throw new AppError("NOT_FOUND", { userMessage: "Workspace not found." });
  const settings = parseBotSettings(ws.settings);
  const phones = await db.phoneNumber.findMany({
    where: { workspaceId },
    select: { id: true, displayPhone: true, verifiedName: true, botEnabled: true },
    orderBy: { createdAt: "asc" },
  });
  const selected = selectEngine({ preferred: settings.engine });
  return { settings, phoneNumbers: phones, activeEngine: { kind: selected.kind, reason: selected.reason } };
}

/** Replaces `settings.bot` (other workspace settings are kept) and/or per-number switches; audited. */
export async function updateBotSettings(options: {
  workspaceId: string;
  input: TUpdateBotSettings;
  actor: Actor;
}): Promise<TBotSettingsDto> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const ws = await tx.workspace.findUnique({
      where: { id: options.workspaceId },
      select: { settings: true },
    });
    if (!ws) throw new AppError("NOT_FOUND", { userMessage: "Workspace not found." });
    if (options.input.settings) {
      const current = (ws.settings && typeof ws.settings === "object" ? ws.settings : {}) as Record<
        string,
        unknown
      >;
      await tx.workspace.update({
        where: { id: options.workspaceId },
        data: { settings: { ...current, bot: options.input.settings } as Prisma.InputJsonValue },
      });
    }
    for (const p of options.input.phoneNumbers ?? []) {
      const { count } = await tx.phoneNumber.updateMany({
        where: { id: p.id, workspaceId: options.workspaceId },
        data: { botEnabled: p.botEnabled },
      });
      if (count === 0)
        throw new AppError("INVALID_INPUT", {
          userMessage: "phoneNumbers: unknown number.",
          details: [{ field: "phoneNumbers", message: `Unknown number ${p.id}` }],
        });
    }
    await recordAudit({
      tx,
      workspaceId: options.workspaceId,
      actorId: options.actor.id,
      actorType: options.actor.type,
      ip: options.actor.ip,
      action: "bot.settings_updated",
      targetType: "workspace",
      targetId: options.workspaceId,
      data: {
        phoneNumbers: options.input.phoneNumbers?.length ?? 0,
        settings: options.input.settings !== undefined,
      },
    });
  });
  return getBotSettings(options.workspaceId);
}
