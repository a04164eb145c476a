// Types for sse-parser.js (plain browser JS, typed for the gateway's unit tests).
export type SseMessage = { id: string | undefined; event: string; data: string };
export function createSseParser(handlers: { onMessage: (m: SseMessage) => void; onRetry?: (ms: number) => void }): {
  push(chunk: string): void;
  lastEventId(): string | undefined;
};
