import { EmbedRecordPage } from "../../embed-record-page";

export const metadata = { title: "WhatsApp" };
export const dynamic = "force-dynamic";

export default async function EmbedDealPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <EmbedRecordPage reference={{ doctype: "CRM Deal", name: decodeURIComponent(name) }} />;
}
