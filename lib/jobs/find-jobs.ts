import "server-only";
import { getDb } from "@/lib/core/db";
import { toJobDTO } from "./job.mapper";
import type { TFindJobsQuery, TJobList } from "./job.schema";

export interface FindJobsOptions extends TFindJobsQuery {
  workspaceId: string;
}

/**
 * Jobs of one status for a workspace's admins, newest first, cursor-paginated by id. System jobs
 * (no workspace, e.g. events.cleanup) are listed for every workspace's admins: they carry no
 * customer data and admins must see them fail.
 */
export async function findJobs(options: FindJobsOptions): Promise<TJobList> {
  const db = await getDb();
  const rows = await db.job.findMany({
    where: { status: options.status, OR: [{ workspaceId: options.workspaceId }, { workspaceId: null }] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit + 1,
    ...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, options.limit);
  return {
    data: page.map(toJobDTO),
    nextCursor: rows.length > options.limit ? page[page.length - 1].id : null,
  };
}
