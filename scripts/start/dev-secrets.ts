// Local-only secrets for `npm start` without configuration: generated once and kept in
// .cliq-dev/secrets.json (git-ignored) so encrypted tokens survive a restart.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";

export type DevSecrets = { jwtSecret: string; tokenKeys: string; ingestToken: string; serviceToken: string };

export async function loadDevSecrets(dir: string): Promise<DevSecrets> {
  const file = `${dir}/secrets.json`;
  try {
    return JSON.parse(await readFile(file, "utf8")) as DevSecrets;
  } catch {
    const secrets: DevSecrets = {
      jwtSecret: randomBytes(32).toString("base64url"),
      tokenKeys: `dev1:${randomBytes(32).toString("base64")}`,
      ingestToken: randomBytes(24).toString("base64url"),
      serviceToken: randomBytes(24).toString("base64url"),
    };
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secrets;
  }
}
