import "server-only";
import type { Prisma } from "@prisma/client";
import { getDb } from "@/lib/core/db";
import type { TCrmCall } from "./crm.schema";
import { frappeUserOf } from "./find-user-by-frappe-user";
import { ZCrmReferenceSchema } from "./crm.schema";

const CALL_SELECT = {
  id: true,
  workspaceId: true,
  direction: true,
  status: true,
  endReason: true,
  startedAt: true,
  answeredAt: true,
  endedAt: true,
  durationSec: true,
  agentId: true,
  contact: { select: { phone: true, waId: true, crmDoctype: true, crmName: true } },
  phoneNumberId: true,
} as const satisfies Prisma.CallSelect;

/**
 * Our Call row → the snapshot the CRM Call Log is written from (crm.schema.ts ZCrmCallSchema).
 * The business number is the WhatsApp number the call came in on; the lead comes from the
 * contact's CRM link (none yet → the log is written unlinked and linked by a later sync).
 */
export async function loadCrmCall(options: { callId: string; tx?: Prisma.TransactionClient }): Promise<{ workspaceId: string; call: TCrmCall } | null> {
  const db = options.tx ?? (await getDb());
  const row = await db.call.findUnique({ where: { id: options.callId }, select: CALL_SELECT });
  if (!row) return null;
  const phone = row.phoneNumberId ? await db.phoneNumber.findUnique({ where: { id: row.phoneNumberId }, select: { displayPhone: true } }) : null;
  const agentEmail = row.agentId ? await frappeUserOf({ userId: row.agentId, tx: options.tx }) : null;
  const reference = ZCrmReferenceSchema.safeParse({ doctype: row.contact.crmDoctype, name: row.contact.crmName });
  const call: TCrmCall = {
    id: row.id,
    direction: row.direction,
    status: row.status,
    endReason: row.endReason,
    customerPhone: row.contact.phone ?? `+${row.contact.waId}`,
    businessPhone: phone?.displayPhone ?? "unknown",
    agentEmail: agentEmail && /@/.test(agentEmail) ? agentEmail : null,
    startedAt: row.startedAt.toISOString(),
    answeredAt: row.answeredAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    durationSec: row.durationSec,
    reference: reference.success ? reference.data : null,
  };
  return { workspaceId: row.workspaceId, call };
}
