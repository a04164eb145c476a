// The event envelope. The NATS `Nats-Msg-Id` header equals `id`, so JetStream drops a
// re-published duplicate inside its duplicate window.
import { z } from "zod";

export const envelopeSchema = <T extends z.ZodType>(data: T) =>
  z.object({
    id: z.string().min(1).max(200),
    type: z.string().min(1),
    occurredAt: z.iso.datetime({ offset: true }),
    source: z.string().min(1),
    correlationId: z.string().min(1).max(200).optional(),
    data,
  });

export type Envelope<T> = {
  id: string;
  type: string;
  occurredAt: string;
  source: string;
  correlationId?: string;
  data: T;
};
