// Every error the console can meet, told as "what happened" plus "what to do". The gateway sends
// `{ error: { code, message, details? } }`; its message is precise but technical, so it is shown
// under the explanation rather than instead of it.

const HINTS = {
  unauthenticated: "Your session is missing or has expired. Sign in again with a fresh token (npm start prints one).",
  forbidden: "Your account lacks the role this action needs (Zoho connection changes need super_admin).",
  validation_failed: "Some input was not accepted; check the fields named below.",
  bad_request: "The request was not accepted.",
  rate_limited: "Too many requests in a short time. Wait a moment and try again.",
  route_not_found: "This gateway does not offer that endpoint.",
  not_found: "It no longer exists; reload the page.",
  client_not_found: "There is no client with this id.",
  room_not_found: "That room no longer exists; reload the page.",
  mapping_not_found: "That room is no longer mapped; reload the page.",
  job_not_found: "That sync job no longer exists.",
  channel_not_found: "That Zoho Cliq channel no longer exists; refresh the channel list.",

  channel_already_mapped: "A channel can be mapped to one room only. Unmap it there first, or choose another channel.",
  room_already_mapped: "This room is already mapped. Unmap it first to choose another channel.",
  room_not_internal: "Only internal rooms can be mapped to Zoho Cliq.",
  room_wrong_client: "That room belongs to another client.",
  channel_unreadable: "The connected Zoho account has never opened this channel, so its messages cannot be read. Open it once in Zoho Cliq, then refresh the list.",
  channel_access_denied: "The connected Zoho account may not read this channel. Add the account to the channel, or map another channel.",
  channel_gone: "The Zoho Cliq channel was deleted. Unmap the room, or map another channel.",
  job_not_retryable: "Only failed jobs can be retried.",
  mapping_paused: "The mapping is paused. Resume it first.",

  oauth_state_invalid: "The authorization link was not started by you, or is unknown. Click “Authorize with Zoho” again.",
  oauth_state_expired: "The authorization took longer than 10 minutes. Click “Authorize with Zoho” again.",
  oauth_state_used: "This authorization was already completed. Start a new one if the connection is not shown as connected.",
  oauth_code_invalid: "Zoho refused the authorization code (wrong, expired or already used). Authorize again and use the new code within 2 minutes.",
  oauth_client_invalid: "Zoho refused the app credentials. Check ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET (and that the app allows this data centre).",
  access_denied: "The consent was declined in Zoho. Authorize again and accept to connect.",
  oauth_denied: "Zoho did not grant access. Authorize again.",
  zoho_not_connected: "Zoho Cliq is not connected. A super admin must authorize with Zoho first (Integrations › Zoho Cliq).",
  reauth_required: "Zoho no longer accepts the stored connection (the refresh token was revoked or replaced). A super admin must authorize with Zoho again.",
  auth_expired: "Zoho rejected the stored credentials. A super admin must reconnect Zoho Cliq (Integrations › Zoho Cliq), then retry.",
  token_refresh_throttled: "Zoho is limiting token refreshes for a few minutes. The current token stays in use; try again later.",

  zoho_throttled: "Zoho's rate limit was reached. Wait a minute and try again; scheduled syncs back off on their own.",
  zoho_unavailable: "Zoho did not answer (down or too slow). Try again in a moment.",
  zoho_bad_response: "Zoho answered with something unexpected. Try again; if it persists, check the service logs.",
  zoho_access_denied: "Zoho refused access for the connected account.",
  zoho_scope_missing: "The Zoho connection lacks a needed permission. Authorize with Zoho again to grant the scopes.",

  ingest_rejected: "The analysis pipeline refused the messages. Fix the cause shown below, then retry.",
  ingest_unavailable: "The analysis pipeline was unreachable. Retry once it is back.",
  max_deliveries_exhausted: "The sync failed repeatedly and was given up. Retry when the cause is fixed.",
  service_unavailable: "A backend service is not running or not ready. Try again shortly.",
  timeout: "A backend service took too long to answer. Try again.",
  encryption_key_invalid: "The stored tokens cannot be decrypted with the configured keys. Check TOKEN_ENCRYPTION_KEYS.",
  internal: "Something went wrong on the server; it has been logged.",
  network: "The console cannot reach the gateway. Check that it is running.",
};

/** `{ code, message, details? }` or an Error-like → `{ code, title, hint, message }` for display. */
export function describeError(err) {
  const code = typeof err?.code === "string" ? err.code : "internal";
  const message = typeof err?.message === "string" ? err.message : String(err);
  return { code, hint: HINTS[code] ?? "The action failed.", message: withDetails(code, message, err?.details) };
}

function withDetails(code, message, details) {
  if (code === "channel_already_mapped" && details && typeof details === "object" && details.clientName && details.roomName) {
    return `This channel is already mapped to ${details.clientName} › ${details.roomName}.`;
  }
  if ((code === "rate_limited" || code === "zoho_throttled" || code === "token_refresh_throttled") && details && typeof details === "object") {
    const ms = typeof details.retryAfterMs === "number" ? details.retryAfterMs : typeof details.retryAfterSeconds === "number" ? details.retryAfterSeconds * 1000 : undefined;
    if (typeof ms === "number") return `${message} (retry in about ${Math.ceil(ms / 1000)} s)`;
  }
  return message;
}

/** A short hint for an error code recorded on a job or mapping (no HTTP error involved). */
export function hintFor(code) {
  return code ? HINTS[code] : undefined;
}
