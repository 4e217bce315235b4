import "server-only";
import type { JobHandler } from "@/lib/jobs/job-definition";
import { addNote } from "../add-note";
import { runCrmStep } from "./job-errors";
import type { TCrmAddNoteJob } from "./add-note";

const handler: JobHandler<TCrmAddNoteJob> = async (payload) => runCrmStep(() => addNote({ note: payload.note }));

export default handler;
