-- When the webhook carrying an inbound message arrived: orders messages whose Meta timestamps (whole
-- seconds) tie. Existing rows take their own timestamp.
ALTER TABLE "Message" ADD COLUMN "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
UPDATE "Message" SET "receivedAt" = "createdAt";
