// THE error handler: every failure leaves the gateway as `{ error: { code, message, details? } }`
// with a code from @cliq/contracts and the status that code maps to. Unexpected errors are
// logged in full and answered with a generic 500, so no stack, SQL or secret reaches a client.
import { AppError, httpStatusFor, type ErrorBody, type ErrorCode } from "@cliq/contracts";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";

declare module "fastify" {
  interface FastifyRequest {
    /** The contract error code the request was answered with (for the audit log); null on success. */
    errorCode: string | null;
  }
}

export type FieldProblem = { path: string; message: string };

/** `body.name: Invalid input; querystring.limit: Too big` — each bad field by its path. */
export function validationError(context: string | undefined, problems: readonly { instancePath: string; message?: string | undefined }[]): AppError {
  const details: FieldProblem[] = problems.map((p) => ({
    path: [context, ...p.instancePath.split("/").filter((s) => s !== "")].filter((s) => s !== undefined).join(".") || "(request)",
    message: p.message ?? "invalid",
  }));
  return new AppError("validation_failed", details.map((d) => `${d.path}: ${d.message}`).join("; "), details);
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: "payload_too_large",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported_media_type",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "bad_request",
  FST_ERR_CTP_EMPTY_JSON_BODY: "bad_request",
  FST_ERR_CTP_INVALID_JSON_BODY: "bad_request",
  FST_ERR_BAD_URL: "bad_request",
  FST_ERR_MAX_PARAM_LENGTH: "bad_request",
};

const STATUS_CODES: Record<number, ErrorCode> = {
  400: "bad_request",
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
};

function isFastifyError(err: unknown): err is FastifyError {
  return err instanceof Error && typeof (err as Partial<FastifyError>).statusCode === "number";
}

const GENERIC_INTERNAL: ErrorBody = { code: "internal", message: "internal error; it has been logged" };

/** Classifies a thrown value; `unexpected` ones are logged in full and answered generically. */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody; unexpected: boolean } {
  if (err instanceof AppError) {
    // An `internal` AppError describes our own fault (e.g. a reply outside the contract): log it, do not show it.
    if (err.code === "internal") return { status: 500, body: GENERIC_INTERNAL, unexpected: true };
    return { status: httpStatusFor(err.code), body: err.toBody(), unexpected: false };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    return { status: 400, body: validationError(err.validationContext, err.validation).toBody(), unexpected: false };
  }
  if (isFastifyError(err) && !isResponseSerializationError(err) && err.statusCode !== undefined && err.statusCode < 500) {
    // Fastify's own 4xx messages ("Body is not valid JSON but content-type is set to
    // 'application/json'", "Request body is too large") describe the caller's request only.
    const code = FASTIFY_CODES[err.code] ?? STATUS_CODES[err.statusCode] ?? "bad_request";
    return { status: httpStatusFor(code), body: { code, message: err.message }, unexpected: false };
  }
  return { status: 500, body: GENERIC_INTERNAL, unexpected: true };
}

/** Also Fastify's `frameworkErrors` option (bad URL encoding, over-long params), so those get the standard body too. */
export function handleError(err: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { status, body, unexpected } = toErrorBody(err);
  request.errorCode = body.code;
  if (unexpected) request.log.error({ err }, "request failed unexpectedly");
  else if (status >= 500) request.log.warn({ code: body.code, msg: body.message }, "request failed");
  else request.log.info({ code: body.code }, "request rejected");
  return reply.code(status).send({ error: body });
}

/** Installs the error and not-found handlers on the root instance (children inherit them). */
export function registerErrorHandling(app: FastifyInstance): void {
  app.decorateRequest("errorCode", null);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: { code: "route_not_found", message: `no route ${request.method} ${request.url.split("?")[0]}` } }),
  );
}
