import { ZConversationDtoSchema, ZConversationIdParamsSchema } from "@/lib/conversations/conversation.schema";
import { ZBotConsoleInputSchema, ZBotConsoleResultSchema, ZBotControlSchema } from "@/lib/bot/console.schema";
import { ZBotSettingsDtoSchema, ZUpdateBotSettingsSchema } from "@/lib/bot/settings.schema";
import { defineApiRoute } from "../openapi";

const tags = ["bot"];
export const getBotSettingsRoute = defineApiRoute({
  method: "GET",
  path: "/api/v1/bot/settings",
  summary: "Bot settings, per-number switches and the engine in effect",
  tags,
  permission: "bot:manage",
  response: ZBotSettingsDtoSchema,
});
export const updateBotSettingsRoute = defineApiRoute({
  method: "PUT",
  path: "/api/v1/bot/settings",
  summary: "Replace the bot settings and/or switch the bot per number",
  tags,
  permission: "bot:manage",
  body: ZUpdateBotSettingsSchema,
  response: ZBotSettingsDtoSchema,
});
export const botConsoleRoute = defineApiRoute({
  method: "POST",
  path: "/api/v1/bot/console",
  summary:
    "Test console: one bot turn with the workspace's engine, knowledge and slots; nothing is sent or booked",
  tags,
  permission: "bot:manage",
  body: ZBotConsoleInputSchema,
  response: ZBotConsoleResultSchema,
});
export const conversationBotRoute = defineApiRoute({
  method: "POST",
  path: "/api/v1/conversations/{id}/bot",
  summary: "Hand the conversation back to the bot, or pause the bot on it",
  tags,
  permission: "inbox:use",
  params: ZConversationIdParamsSchema,
  body: ZBotControlSchema,
  response: ZConversationDtoSchema,
});
