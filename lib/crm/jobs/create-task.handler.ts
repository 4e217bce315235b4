import "server-only";
import type { JobHandler } from "@/lib/jobs/job-definition";
import { createTask } from "../create-task";
import { runCrmStep } from "./job-errors";
import type { TCrmCreateTaskJob } from "./create-task";

const handler: JobHandler<TCrmCreateTaskJob> = async (payload) => runCrmStep(() => createTask({ task: payload.task }));

export default handler;
