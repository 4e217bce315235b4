import type { Contact } from "@prisma/client";
import type { TContactDto } from "./contact.schema";

export type TContactRow = Pick<Contact, "id" | "waId" | "phone" | "name" | "username" | "language">;

export const CONTACT_DTO_SELECT = { id: true, waId: true, phone: true, name: true, username: true, language: true } as const;

export function toContactDto(c: TContactRow): TContactDto {
  return { id: c.id, waId: c.waId, phone: c.phone, name: c.name, username: c.username, language: c.language };
}
