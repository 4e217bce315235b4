import { BarChart3, CalendarDays, Headphones, type LucideIcon, MessageSquare, Phone, Settings } from "lucide-react";

/** Icons for the navigation items of lib/auth/roles.ts NAV, by href. */
export const NAV_ICONS: Record<string, LucideIcon> = {
  "/inbox": MessageSquare,
  "/calls": Phone,
  "/supervisor": Headphones,
  "/appointments": CalendarDays,
  "/analytics": BarChart3,
  "/settings": Settings,
};
