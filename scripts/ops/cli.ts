// `npm run ops -- <command>`: list, inspect and replay failed sync jobs, and rebuild the job
// projection, against any NATS server. Exit codes: 0 done, 1 failed, 2 bad command line.
import { connectNats, createLogger, drainNats } from "@cliq/runtime";
import { parseCommand, USAGE, UsageError, type Command } from "./args.ts";
import { listFailed, NotFoundError, OpsError, rebuildProjection, replayFailed, showEvent, type Output } from "./commands.ts";

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

function write(stream: NodeJS.WriteStream, text: string): void {
  stream.write(text.endsWith("\n") ? text : `${text}\n`);
}

async function run(cmd: Exclude<Command, { name: "help" }>): Promise<Output> {
  const logger = createLogger({ service: "ops-cli", level: "error", destination: process.stderr });
  const nc = await connectNats({ url: cmd.conn.natsUrl, name: "ops-cli", logger }).catch((err: unknown) => {
    throw new OpsError(`cannot connect to NATS at ${cmd.conn.natsUrl.replace(/\/\/[^@/]*@/, "//***@")}: ${(err as Error).message}`);
  });
  try {
    switch (cmd.name) {
      case "list":
        return await listFailed(nc, cmd);
      case "show":
        return await showEvent(nc, cmd);
      case "replay":
        return await replayFailed(nc, cmd);
      case "rebuild-projection":
        return await rebuildProjection(nc, cmd);
    }
  } finally {
    await drainNats(nc);
  }
}

async function main(argv: string[]): Promise<number> {
  let cmd: Command;
  try {
    cmd = parseCommand(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    write(process.stderr, `ops: ${err.message}\n(npm run ops -- --help for usage)`);
    return EXIT_USAGE;
  }
  if (cmd.name === "help") {
    write(process.stdout, USAGE);
    return EXIT_OK;
  }
  try {
    const out = await run(cmd);
    write(process.stdout, cmd.json ? JSON.stringify(out.json, null, 2) : out.text);
    return EXIT_OK;
  } catch (err) {
    const known = err instanceof OpsError || err instanceof NotFoundError;
    write(process.stderr, `ops ${cmd.name}: ${known ? (err as Error).message : `unexpected failure: ${err instanceof Error ? err.stack ?? err.message : String(err)}`}`);
    return EXIT_FAILED;
  }
}

process.exitCode = await main(process.argv.slice(2));
