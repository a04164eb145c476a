// The people of every generated org: four humans (one with a name that breaks ASCII
// assumptions) and a bot whose id has Cliq's `b-` prefix (doc §2.6).
import type { SimUser } from "../types.ts";

export const GENERATED_USERS: readonly SimUser[] = [
  { id: "15067889", name: "Scott Fisher", email: "scott.fisher@zylker.com" },
  { id: "55743307", name: "John Doe", email: "john.doe@zylker.com" },
  { id: "631830848", name: "Ryan West", email: "ryan.west@zylker.com" },
  { id: "72981255", name: "Zoë Ångström", email: "zoe.angstrom@zylker.com" },
];
export const GENERATED_BOT: SimUser = { id: "b-1735998001178543591", name: "Zylker Deploy Bot" };
