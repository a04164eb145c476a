// Prints a signed HS256 JWT for local use: `npm run dev-token -- --role backend --sub me@example.com`.
import { DEV_TOKEN_USAGE, devTokenRequestFrom, signDevToken } from "../auth/dev-token.ts";

const request = devTokenRequestFrom(process.argv.slice(2), process.env);
if ("error" in request) {
  console.error(`dev-token: ${request.error}\n\n${DEV_TOKEN_USAGE}`);
  process.exit(2);
}
process.stdout.write(`${await signDevToken(request)}\n`);
