// The ingest contract (DESIGN.md, "The ingest contract"): one transcript document per batch.
// The sink validates what the sync worker sends exactly as strictly as TCIS would want it:
// unknown fields are rejected so a misspelt field fails loudly instead of being dropped.
import { z } from "zod";

const isoTime = z.iso.datetime({ offset: true });

// The WhatsApp-export line prefix. A locale-formatted date ("11/25/2025, 7:17:00 AM") is the
// known bug of the previous build, so the sink refuses a transcript that does not start this way.
const LINE_PREFIX = /^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\] /;

export const ingestBodySchema = z
  .object({
    source: z.literal("zoho_cliq"),
    client_id: z.guid(),
    room_id: z.guid(),
    channel: z.object({ id: z.string().min(1), chat_id: z.string().min(1), name: z.string() }).strict(),
    transcript: z
      .string()
      .min(1)
      .refine((t) => LINE_PREFIX.test(t), "must start with a line like '[YYYY-MM-DD HH:mm:ss] Sender Name: text'"),
    message_count: z.number().int().positive(),
    first_message_time: isoTime,
    last_message_time: isoTime,
    message_ids_digest: z.string().min(1).max(200),
    message_ids: z.array(z.string().min(1)).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (Date.parse(body.first_message_time) > Date.parse(body.last_message_time)) {
      ctx.addIssue({ code: "custom", path: ["first_message_time"], message: "must not be after last_message_time" });
    }
    if (body.message_ids !== undefined && body.message_ids.length !== body.message_count) {
      ctx.addIssue({
        code: "custom",
        path: ["message_ids"],
        message: `has ${body.message_ids.length} ids but message_count is ${body.message_count}`,
      });
    }
  });

export type IngestBody = z.infer<typeof ingestBodySchema>;

export type FieldProblem = { path: string; message: string };

/** Each problem as `field.path: message`, so a 400 says exactly which fields were wrong. */
export function describeIssues(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    path: issue.path.length === 0 ? "(body)" : issue.path.map(String).join("."),
    message: issue.message,
  }));
}
