import type { MessageTemplate } from "@prisma/client";
import type { TTemplateDto } from "./template.schema";
import { parameterCounts } from "./template-parameters";

export function toTemplateDto(t: MessageTemplate): TTemplateDto {
  const components = Array.isArray(t.components) ? (t.components as unknown[]) : [];
  return { id: t.id, name: t.name, language: t.language, category: t.category, status: t.status, components, parameterCounts: parameterCounts(components) };
}
