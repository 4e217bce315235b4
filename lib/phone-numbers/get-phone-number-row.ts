import "server-only";
import type { PhoneNumber, Prisma } from "@prisma/client";
import { AppError } from "@/lib/core/app-error";

/** The number `id` of this workspace, or NOT_FOUND (another workspace's number is not found either). */
export async function getPhoneNumberRow(tx: Prisma.TransactionClient, workspaceId: string, id: string): Promise<PhoneNumber> {
  const row = await tx.phoneNumber.findFirst({ where: { id, workspaceId } });
  if (!row) throw new AppError("NOT_FOUND", { userMessage: "WhatsApp number not found." });
  return row;
}
