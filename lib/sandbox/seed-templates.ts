import type { TSimTemplate } from "./store";

/**
 * Templates the fake WABA starts with, in the shape `GET /{waba-id}/message_templates` returns
 * (reference §3.3). Placeholders follow Meta: positional `{{1}}` or named `{{first_name}}`.
 */
export function seedTemplates(): TSimTemplate[] {
  return [
    {
      id: "1192339204654487",
      name: "hello_world",
      language: "en_US",
      status: "APPROVED",
      category: "UTILITY",
      parameter_format: "POSITIONAL",
      components: [
        { type: "HEADER", format: "TEXT", text: "Hello World" },
        { type: "BODY", text: "Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API." },
        { type: "FOOTER", text: "WhatsApp Business Platform sample message" },
      ],
    },
    {
      id: "594425479261596",
      name: "order_update",
      language: "en_US",
      status: "APPROVED",
      category: "UTILITY",
      parameter_format: "POSITIONAL",
      components: [
        { type: "BODY", text: "Hi {{1}}, your order {{2}} has been dispatched and will reach you by {{3}}.", example: { body_text: [["Asha", "ON-12853", "Friday"]] } },
        { type: "BUTTONS", buttons: [{ type: "QUICK_REPLY", text: "Track order" }, { type: "QUICK_REPLY", text: "Talk to sales" }] },
      ],
    },
    {
      id: "778201339561204",
      name: "appointment_reminder",
      language: "en",
      status: "APPROVED",
      category: "UTILITY",
      parameter_format: "NAMED",
      components: [
        {
          type: "BODY",
          text: "Hello {{customer_name}}, this is a reminder of your visit on {{visit_time}}. Reply to reschedule.",
          example: { body_text_named_params: [{ param_name: "customer_name", example: "Asha" }, { param_name: "visit_time", example: "Tue 10:00" }] },
        },
      ],
    },
    {
      id: "861120447812003",
      name: "follow_up",
      language: "hi",
      status: "APPROVED",
      category: "MARKETING",
      parameter_format: "POSITIONAL",
      components: [{ type: "BODY", text: "नमस्ते {{1}}, क्या आप अभी भी {{2}} में रुचि रखते हैं?" }],
    },
    {
      id: "903341002215778",
      name: "catalogue_share",
      language: "en_US",
      status: "APPROVED",
      category: "MARKETING",
      parameter_format: "POSITIONAL",
      components: [
        { type: "HEADER", format: "IMAGE" },
        { type: "BODY", text: "Hi {{1}}, here is this season's catalogue." },
      ],
    },
    {
      id: "512009873311054",
      name: "old_offer",
      language: "en_US",
      status: "REJECTED",
      category: "MARKETING",
      parameter_format: "POSITIONAL",
      components: [{ type: "BODY", text: "50% off everything today only!" }],
    },
  ];
}
