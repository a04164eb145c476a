// The only code that touches zoho_auth and zoho_oauth_states. One connection per organisation,
// keyed "system". Every timestamp comes from the caller's clock, never the database's, so the
// service and Zoho (or the simulator) agree on what "expired" means.
import type { Db, Prisma, ZohoAuth, ZohoOauthState } from "@cliq/db";

export type ConnectionRow = ZohoAuth;
export type StateRow = ZohoOauthState;

const CONNECTION_KEY = "system";
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export type NewState = { stateHash: string; userId: string; expiresAt: Date; redirectUri: string; location: string };

export type ConnectionWrite = {
  accessTokenEnc: string;
  refreshTokenEnc: string;
  keyId: string;
  expiresAt: Date;
  authenticatedBy: string;
  location: string;
  accountsServer: string;
  cliqServer: string;
  apiDomain: string | null;
  scopes: string[];
};

export type ConnectionUpdate = Prisma.ZohoAuthUpdateInput;

/** What a function holding the row lock may do to the row before the transaction commits. */
export type LockedConnection = {
  row: ConnectionRow | null;
  update(data: ConnectionUpdate): Promise<ConnectionRow>;
  remove(): Promise<void>;
};

export type AuthRepo = ReturnType<typeof createAuthRepo>;

export type AuthRepoOptions = {
  /** PostgreSQL schema of the tables; raw SQL (the row lock) is not schema-qualified by Prisma. */
  schema?: string | undefined;
  /** Upper bound for one locked transaction: the Zoho call inside it plus waiting for the lock. */
  lockTimeoutMs?: number;
};

export function createAuthRepo(db: Db, opts: AuthRepoOptions = {}) {
  if (opts.schema !== undefined && !SCHEMA_NAME.test(opts.schema)) throw new Error(`invalid schema name: ${opts.schema}`);
  const table = opts.schema === undefined ? `"zoho_auth"` : `"${opts.schema}"."zoho_auth"`;
  const lockTimeoutMs = opts.lockTimeoutMs ?? 60_000;

  return {
    async insertState(s: NewState): Promise<void> {
      await db.zohoOauthState.create({ data: s });
    },

    /** Removes states that expired before `before`; they can only ever answer "expired". */
    async pruneStates(before: Date): Promise<number> {
      const r = await db.zohoOauthState.deleteMany({ where: { expiresAt: { lt: before } } });
      return r.count;
    },

    async findState(stateHash: string): Promise<StateRow | null> {
      return db.zohoOauthState.findUnique({ where: { stateHash } });
    },

    /** Marks the state used if it still is unused and unexpired; false when another request won. */
    async consumeState(stateHash: string, now: Date): Promise<boolean> {
      const r = await db.zohoOauthState.updateMany({
        where: { stateHash, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      return r.count === 1;
    },

    async getConnection(): Promise<ConnectionRow | null> {
      return db.zohoAuth.findUnique({ where: { connectionKey: CONNECTION_KEY } });
    },

    /** Stores a new connection (or replaces the current one, bumping its token version). */
    async saveConnection(w: ConnectionWrite): Promise<{ row: ConnectionRow; previous: ConnectionRow | null }> {
      return db.$transaction(
        async (tx) => {
          await tx.$queryRawUnsafe(`SELECT id FROM ${table} WHERE connection_key = $1 FOR UPDATE`, CONNECTION_KEY);
          const previous = await tx.zohoAuth.findUnique({ where: { connectionKey: CONNECTION_KEY } });
          const fresh = {
            ...w,
            state: "connected" as const,
            refreshFailureCount: 0,
            lastRefreshAt: null,
            lastRefreshError: null,
            lastRefreshErrorCode: null,
            nextRefreshNotBefore: null,
            refreshAttempts: [],
          };
          const row = await tx.zohoAuth.upsert({
            where: { connectionKey: CONNECTION_KEY },
            create: { connectionKey: CONNECTION_KEY, ...fresh },
            update: { ...fresh, tokenVersion: { increment: 1 } },
          });
          return { row, previous };
        },
        { timeout: lockTimeoutMs, maxWait: lockTimeoutMs },
      );
    },

    /**
     * Runs `fn` holding the connection row's lock (`SELECT … FOR UPDATE`), so replicas of the
     * service take turns; `fn` must re-read what it decides on from `locked.row`.
     */
    async withConnectionLock<T>(fn: (locked: LockedConnection) => Promise<T>): Promise<T> {
      return db.$transaction(
        async (tx) => {
          await tx.$queryRawUnsafe(`SELECT id FROM ${table} WHERE connection_key = $1 FOR UPDATE`, CONNECTION_KEY);
          const row = await tx.zohoAuth.findUnique({ where: { connectionKey: CONNECTION_KEY } });
          return fn({
            row,
            update: (data) => tx.zohoAuth.update({ where: { connectionKey: CONNECTION_KEY }, data }),
            remove: async () => {
              await tx.zohoAuth.delete({ where: { connectionKey: CONNECTION_KEY } });
            },
          });
        },
        { timeout: lockTimeoutMs, maxWait: lockTimeoutMs },
      );
    },
  };
}
