import { EmbedRecordPage } from "../../embed-record-page";

export const metadata = { title: "WhatsApp" };
export const dynamic = "force-dynamic";

export default async function EmbedLeadPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <EmbedRecordPage reference={{ doctype: "CRM Lead", name: decodeURIComponent(name) }} />;
}
