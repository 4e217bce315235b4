/**
 * Loads every route definition so the OpenAPI document (app/api/v1/openapi.json) lists them all.
 * A new API area adds its lib/api/routes/<area>.ts (one `defineApiRoute` line per route) and one
 * import line here; tests/integration/v1-openapi.test.ts fails for any app/api/v1 route left out.
 */
import "./routes/system";
import "./routes/me";
import "./routes/users";
import "./routes/api-keys";
import "./routes/audit-log";
import "./routes/jobs";
import "./routes/conversations";
import "./routes/messages";
import "./routes/contacts";
import "./routes/templates";
import "./routes/media";
import "./routes/canned-responses";
import "./routes/phone-numbers";
import "./routes/crm";
import "./routes/bot";
import "./routes/knowledge";
import "./routes/appointments";
import "./routes/leads";
import "./routes/calls";
