import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Contact Centre", template: "%s · Contact Centre" },
  description: "WhatsApp chat and voice for sales teams in Frappe CRM",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
