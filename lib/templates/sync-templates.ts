import "server-only";
import type { Prisma } from "@prisma/client";
import type { Actor } from "@/lib/api/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { providerForNumber } from "@/lib/messages/provider-for-number";
import { resolvePhoneNumber } from "@/lib/messages/resolve-phone-number";
import { whatsappConfig } from "@/lib/whatsapp/config";
import { toTemplateDto } from "./template.mapper";
import type { TTemplateDto } from "./template.schema";

/**
 * Pulls every template of the workspace's WABA (all pages) and upserts them by (name, language).
 * Templates deleted on Meta's side are kept with status "DELETED" so old messages still render.
 */
export async function syncTemplates(options: { workspaceId: string; actor: Actor }): Promise<{ synced: number; data: TTemplateDto[] }> {
  const db = await getDb();
  let phone = await db.phoneNumber.findFirst({ where: { workspaceId: options.workspaceId }, orderBy: { createdAt: "asc" } });
  if (!phone) {
    const envPhone = await resolvePhoneNumber(whatsappConfig().phoneNumberId);
    if (envPhone?.workspaceId === options.workspaceId) phone = envPhone;
  }
  if (!phone) throw new AppError("INVALID_STATE", { userMessage: "No WhatsApp number is connected to this workspace." });
  const templates = await providerForNumber(phone).syncTemplates();
  const now = new Date();
  await db.$transaction(async (tx) => {
    for (const t of templates) {
      const data = {
        phoneNumberId: phone.id,
        metaId: t.id,
        category: t.category,
        status: t.status,
        parameterFormat: t.parameterFormat ?? null,
        components: t.components as Prisma.InputJsonValue,
        syncedAt: now,
      };
      await tx.messageTemplate.upsert({
        where: { workspaceId_name_language: { workspaceId: options.workspaceId, name: t.name, language: t.language } },
        create: { workspaceId: options.workspaceId, name: t.name, language: t.language, ...data },
        update: data,
      });
    }
    await tx.messageTemplate.updateMany({ where: { workspaceId: options.workspaceId, syncedAt: { lt: now } }, data: { status: "DELETED" } });
    await recordAudit({ tx, workspaceId: options.workspaceId, actorId: options.actor.id, actorType: options.actor.type, ip: options.actor.ip, action: "templates.synced", data: { count: templates.length } });
  });
  const rows = await db.messageTemplate.findMany({ where: { workspaceId: options.workspaceId }, orderBy: [{ name: "asc" }, { language: "asc" }] });
  return { synced: templates.length, data: rows.map(toTemplateDto) };
}
