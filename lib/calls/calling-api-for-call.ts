import "server-only";
import type { Call } from "@prisma/client";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import type { CallingApi } from "./calling-api";
import { callingApiForNumber } from "./calling-api-for-number";

/** The Calling API of the business number a call runs on (`Call.phoneNumberId` = our PhoneNumber id). */
export async function callingApiForCall(call: Pick<Call, "phoneNumberId" | "workspaceId">): Promise<CallingApi> {
  const db = await getDb();
  const phone = call.phoneNumberId
    ? await db.phoneNumber.findUnique({ where: { id: call.phoneNumberId } })
    : await db.phoneNumber.findFirst({ where: { workspaceId: call.workspaceId, callingEnabled: true }, orderBy: { createdAt: "asc" } });
  if (!phone) throw new AppError("INVALID_STATE", { userMessage: "No WhatsApp number is connected for calls." });
  return callingApiForNumber(phone);
}
