// The auth events. They carry metadata only — never a token. A state change is already committed
// when its event is published, so a failed publish is logged rather than undoing the change.
import type { ErrorCode } from "@cliq/contracts";
import type { Logger, Publisher } from "@cliq/runtime";

export type AuthEvents = {
  refreshed(e: { connectionId: string; version: number; expiresAt: Date; location: string }): Promise<void>;
  failed(e: { connectionId: string; version: number; code: ErrorCode; message: string }): Promise<void>;
  revoked(e: { connectionId: string; by?: string; reason: string }): Promise<void>;
};

export function createAuthEvents(publisher: Publisher, logger: Logger): AuthEvents {
  const send = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      logger.error({ err, event: what }, "could not publish auth event; the state change stands");
    }
  };
  return {
    refreshed: (e) =>
      send("token.refreshed", () =>
        publisher.publish(
          "tokenRefreshed",
          { version: e.version, expiresAt: e.expiresAt.toISOString(), location: e.location },
          // One event per stored token version: a retried publish is de-duplicated by the stream.
          { id: `token.refreshed:${e.connectionId}:${e.version}` },
        ),
      ),
    failed: (e) =>
      send("auth.failed", () =>
        publisher.publish(
          "authFailed",
          { code: e.code, message: e.message, state: "reauth_required" },
          { id: `auth.failed:${e.connectionId}:${e.version}` },
        ),
      ),
    revoked: (e) =>
      send("token.revoked", () =>
        publisher.publish("tokenRevoked", { ...(e.by === undefined ? {} : { by: e.by }), reason: e.reason }, { id: `token.revoked:${e.connectionId}` }),
      ),
  };
}
