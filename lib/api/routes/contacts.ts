import { ZContactListQuerySchema, ZContactPageSchema } from "@/lib/contacts/contact.schema";
import { defineApiRoute } from "../openapi";

export const listContactsRoute = defineApiRoute({ method: "GET", path: "/api/v1/contacts", summary: "Contacts, newest first; q searches name, username and phone", tags: ["contacts"], permission: "inbox:use", query: ZContactListQuerySchema, response: ZContactPageSchema });
