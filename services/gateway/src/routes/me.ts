// GET /api/me: who the verified token says the caller is. The frontend uses it to decide what to
// show; it also proves end to end that authentication works.
import { z } from "zod";
import { withExample } from "../openapi/examples.ts";
import { currentUser } from "../plugins/auth.ts";
import type { GatewayRoutes } from "../deps.ts";

const meResponse = withExample(z.object({ id: z.string(), roles: z.array(z.string()) }), { id: "admin@example.com", roles: ["super_admin"] });

export const registerMeRoutes: GatewayRoutes = async (api) => {
  api.get(
    "/me",
    { schema: { tags: ["auth"], summary: "The signed-in user, as verified from the bearer token", response: { 200: meResponse } } },
    async (request) => {
      const user = currentUser(request);
      return { id: user.id, roles: user.roles };
    },
  );
};
