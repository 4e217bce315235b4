import { z } from "zod";
import {
  ZKnowledgeEntryDtoSchema,
  ZKnowledgeIdParamsSchema,
  ZKnowledgeInputSchema,
  ZKnowledgeListQuerySchema,
  ZKnowledgeListSchema,
  ZKnowledgeUpdateSchema,
} from "@/lib/knowledge/knowledge.schema";
import { defineApiRoute } from "../openapi";

const tags = ["knowledge"];
export const listKnowledgeRoute = defineApiRoute({
  method: "GET",
  path: "/api/v1/knowledge",
  summary: "Knowledge base entries (agents may read)",
  tags,
  permission: "inbox:use",
  query: ZKnowledgeListQuerySchema,
  response: ZKnowledgeListSchema,
});
export const createKnowledgeRoute = defineApiRoute({
  method: "POST",
  path: "/api/v1/knowledge",
  summary: "Add an entry",
  tags,
  permission: "bot:manage",
  body: ZKnowledgeInputSchema,
  response: ZKnowledgeEntryDtoSchema,
  status: 201,
});
export const updateKnowledgeRoute = defineApiRoute({
  method: "PATCH",
  path: "/api/v1/knowledge/{id}",
  summary: "Change an entry",
  tags,
  permission: "bot:manage",
  params: ZKnowledgeIdParamsSchema,
  body: ZKnowledgeUpdateSchema,
  response: ZKnowledgeEntryDtoSchema,
});
export const deleteKnowledgeRoute = defineApiRoute({
  method: "DELETE",
  path: "/api/v1/knowledge/{id}",
  summary: "Delete an entry",
  tags,
  permission: "bot:manage",
  params: ZKnowledgeIdParamsSchema,
  response: z.object({ deleted: z.literal(true) }),
});
