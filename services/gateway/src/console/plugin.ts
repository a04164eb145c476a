// Serves the admin console (services/gateway/public: plain HTML, CSS and ES modules, no build
// step) at `/`. The console is public static content; everything it shows comes from /api with
// the bearer token the user pastes, so no route here needs authentication.
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsync } from "fastify";

export const CONSOLE_ROOT = fileURLToPath(new URL("../../public/", import.meta.url));

/**
 * The console calls only its own origin and runs no inline code, so the policy can be strict:
 * an injected channel name or a compromised dependency cannot load or send anything elsewhere.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export type ConsolePluginOptions = {
  /** The directory served; defaults to the gateway's public/. */
  root?: string;
};

export const consolePlugin: FastifyPluginAsync<ConsolePluginOptions> = async (app, opts) => {
  await app.register(fastifyStatic, {
    root: opts.root ?? CONSOLE_ROOT,
    prefix: "/",
    // One route per file found at start-up instead of a catch-all `/*`: unknown paths keep the
    // gateway's JSON 404, and nothing outside public/ can be addressed.
    wildcard: false,
    index: ["index.html"],
    redirect: false,
    dotfiles: "deny",
    // The .d.ts files beside the browser modules type them for the unit tests; browsers never need them.
    allowedPath: (pathName) => !pathName.endsWith(".d.ts"),
    // No build step means no content hashes in file names: let browsers revalidate every time
    // (cheap with ETag/Last-Modified), so a deploy is never half-cached.
    cacheControl: false,
    setHeaders: (res) => {
      res.setHeader("cache-control", "no-cache");
      res.setHeader("content-security-policy", CONSOLE_CSP);
      res.setHeader("x-content-type-options", "nosniff");
      res.setHeader("referrer-policy", "no-referrer");
      res.setHeader("x-frame-options", "DENY");
    },
  });
};
