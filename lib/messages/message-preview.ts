/** The one-line text the inbox list shows for a message. */
export function messagePreview(type: string, body: string | null | undefined, content?: Record<string, unknown>): string {
  if (body) return body.length > 200 ? `${body.slice(0, 199)}…` : body;
  switch (type) {
    case "image":
      return "📷 Photo";
    case "video":
      return "🎥 Video";
    case "audio":
      return "🎤 Audio";
    case "sticker":
      return "Sticker";
    case "document":
      return `📄 ${typeof content?.filename === "string" ? content.filename : "Document"}`;
    case "location":
      return "📍 Location";
    case "contacts":
      return "👤 Contact";
    case "template":
      return `Template ${typeof content?.name === "string" ? content.name : ""}`.trim();
    case "unsupported":
      return "Unsupported message";
    default:
      return type;
  }
}
