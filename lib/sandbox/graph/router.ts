import type { SandboxContext } from "../context";
import { type Route, route } from "../http";
import { checkBearer } from "./auth";
import { getCallPermissions, guardPermissionRequest } from "./call-permissions";
import { getSettings, postSettings } from "./call-settings";
import { postCalls } from "./calls";
import { graphErrors, sendGraphError } from "./errors";
import { deleteMedia, downloadMedia, getMedia, postMedia } from "./media";
import { postMessages } from "./messages";
import { getPhoneNumber } from "./phone-numbers";
import { listTemplates } from "./templates";

/** The fake Graph API under /graph/{version}/… plus the media download host. */
export function graphRoutes(sb: SandboxContext): Route[] {
  const authed =
    (h: Parameters<typeof route>[2]): Parameters<typeof route>[2] =>
    (ctx) => {
      if (!/^v\d+\.\d+$/.test(ctx.params.version ?? "")) {
        return sendGraphError(ctx.res, graphErrors.invalidParameter(`Unknown Graph API version ${ctx.params.version}`));
      }
      const err = checkBearer(ctx.req, sb.store);
      if (err) return sendGraphError(ctx.res, err);
      return h(ctx);
    };

  const byId = (method: "GET" | "DELETE") =>
    authed((ctx) => {
      const id = ctx.params.id!;
      if (method === "GET" && id === sb.store.options.phoneNumberId) return getPhoneNumber(sb, ctx);
      const media = sb.store.media.get(id);
      if (media) return method === "GET" ? getMedia(sb, ctx, media) : deleteMedia(sb, ctx, media);
      return sendGraphError(ctx.res, graphErrors.unsupportedRequest(method, id));
    });

  return [
    route(
      "POST",
      "/graph/:version/:id/messages",
      authed(async (ctx) => {
        // Call permission requests have their own limits (138009 / 138017) before the usual send path.
        if (await guardPermissionRequest(sb, ctx)) return;
        return postMessages(sb, ctx);
      }),
    ),
    route("POST", "/graph/:version/:id/calls", authed((ctx) => postCalls(sb, ctx))),
    route("GET", "/graph/:version/:id/call_permissions", authed((ctx) => getCallPermissions(sb, ctx))),
    route("GET", "/graph/:version/:id/settings", authed((ctx) => getSettings(sb, ctx))),
    route("POST", "/graph/:version/:id/settings", authed((ctx) => postSettings(sb, ctx))),
    route("POST", "/graph/:version/:id/media", authed((ctx) => postMedia(sb, ctx))),
    route("GET", "/graph/:version/:id/message_templates", authed((ctx) => listTemplates(sb, ctx))),
    route("GET", "/graph/:version/:id", byId("GET")),
    route("DELETE", "/graph/:version/:id", byId("DELETE")),
    route("GET", "/lookaside/whatsapp_business/attachments", (ctx) => downloadMedia(sb, ctx)),
  ];
}
