import "server-only";
import { getDb } from "@/lib/core/db";
import { toTemplateDto } from "./template.mapper";
import type { TTemplateDto } from "./template.schema";

export async function listTemplates(options: { workspaceId: string }): Promise<TTemplateDto[]> {
  const db = await getDb();
  const rows = await db.messageTemplate.findMany({ where: { workspaceId: options.workspaceId }, orderBy: [{ name: "asc" }, { language: "asc" }] });
  return rows.map(toTemplateDto);
}
