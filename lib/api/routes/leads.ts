import {
  ZContactIdParamsSchema,
  ZLeadScoreDtoSchema,
  ZLeadScoreQuerySchema,
} from "@/lib/leads/lead-score.schema";
import { defineApiRoute } from "../openapi";

export const getContactScoreRoute = defineApiRoute({
  method: "GET",
  path: "/api/v1/contacts/{id}/score",
  summary: "Lead score, stage and every change with its reason (newest first)",
  tags: ["leads"],
  permission: "inbox:use",
  params: ZContactIdParamsSchema,
  query: ZLeadScoreQuerySchema,
  response: ZLeadScoreDtoSchema,
});
