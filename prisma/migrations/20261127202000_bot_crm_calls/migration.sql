-- AlterTable
ALTER TABLE "Appointment" ADD COLUMN     "conversationId" TEXT,
ADD COLUMN     "reminderSentAt" TIMESTAMP(3),
ADD COLUMN     "sequence" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "KnowledgeEntry" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "language" TEXT NOT NULL DEFAULT 'en',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KnowledgeEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentAvailability" (
    "userId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "feedToken" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AgentAvailability_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "LeadScoreChange" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "delta" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "scoreAfter" INTEGER NOT NULL,
    "event" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LeadScoreChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallPermission" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'none',
    "requestedAt" TIMESTAMP(3),
    "respondedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "requestMetaId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CallPermission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallLeg" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "userId" TEXT,
    "mode" TEXT,
    "joinedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leftAt" TIMESTAMP(3),
    "endReason" TEXT,

    CONSTRAINT "CallLeg_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrmAccount" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "frappeUser" TEXT NOT NULL,
    "frappeSub" TEXT,
    "frappeRoles" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "accessTokenEnc" TEXT,
    "refreshTokenEnc" TEXT,
    "expiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrmAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrmSyncState" (
    "workspaceId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrmSyncState_pkey" PRIMARY KEY ("workspaceId","key")
);

-- CreateIndex
CREATE INDEX "KnowledgeEntry_workspaceId_language_idx" ON "KnowledgeEntry"("workspaceId", "language");

-- CreateIndex
CREATE UNIQUE INDEX "AgentAvailability_feedToken_key" ON "AgentAvailability"("feedToken");

-- CreateIndex
CREATE INDEX "AgentAvailability_workspaceId_idx" ON "AgentAvailability"("workspaceId");

-- CreateIndex
CREATE INDEX "LeadScoreChange_contactId_createdAt_idx" ON "LeadScoreChange"("contactId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CallPermission_contactId_key" ON "CallPermission"("contactId");

-- CreateIndex
CREATE INDEX "CallPermission_workspaceId_idx" ON "CallPermission"("workspaceId");

-- CreateIndex
CREATE INDEX "CallLeg_callId_idx" ON "CallLeg"("callId");

-- CreateIndex
CREATE UNIQUE INDEX "CrmAccount_userId_key" ON "CrmAccount"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "CrmAccount_workspaceId_frappeUser_key" ON "CrmAccount"("workspaceId", "frappeUser");

-- CreateIndex
CREATE INDEX "Contact_workspaceId_crmDoctype_crmName_idx" ON "Contact"("workspaceId", "crmDoctype", "crmName");

-- AddForeignKey
ALTER TABLE "KnowledgeEntry" ADD CONSTRAINT "KnowledgeEntry_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentAvailability" ADD CONSTRAINT "AgentAvailability_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LeadScoreChange" ADD CONSTRAINT "LeadScoreChange_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallPermission" ADD CONSTRAINT "CallPermission_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallLeg" ADD CONSTRAINT "CallLeg_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmAccount" ADD CONSTRAINT "CrmAccount_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmSyncState" ADD CONSTRAINT "CrmSyncState_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Double booking is impossible: one active appointment per agent and start time (slots are on a
-- grid per agent; overlapping ranges are refused in the booking transaction). Prisma cannot
-- declare partial indexes, so this one is written by hand.
CREATE UNIQUE INDEX "Appointment_agent_start_active_key" ON "Appointment"("agentId", "startsAt") WHERE "status" IN ('booked', 'rescheduled');
