import { AppointmentsList } from "@/components/appointments/appointments-list";
import { AvailabilityEditor } from "@/components/appointments/availability-editor";
import { ForbiddenView } from "@/components/shell/forbidden-view";
import { PageHeader } from "@/components/shell/page-header";
import { requirePage } from "@/lib/auth/page-guard";

export const metadata = { title: "Appointments" };

export default async function AppointmentsPage() {
  const access = await requirePage("appointments:use", "/appointments");
  if (!access.ok) return <ForbiddenView role={access.principal.role} />;
  return (
    <>
      <PageHeader
        title="Appointments"
        description="Meetings the bot and your team booked, in each agent's time zone. Your working hours decide what the bot offers."
      />
      <div className="grid gap-6 xl:grid-cols-[3fr_2fr]">
        <section aria-label="Upcoming appointments">
          <AppointmentsList />
        </section>
        <section aria-label="Availability">
          <AvailabilityEditor />
        </section>
      </div>
    </>
  );
}
