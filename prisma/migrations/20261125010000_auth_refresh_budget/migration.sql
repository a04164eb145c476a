-- auth: stored Cliq host per connection, shared refresh budget, and what an OAuth state was issued for.
ALTER TABLE "zoho_auth" ADD COLUMN "cliq_server" TEXT;
ALTER TABLE "zoho_auth" ADD COLUMN "last_refresh_error_code" TEXT;
ALTER TABLE "zoho_auth" ADD COLUMN "refresh_attempts" TIMESTAMPTZ(3)[] DEFAULT ARRAY[]::TIMESTAMPTZ(3)[];

ALTER TABLE "zoho_oauth_states" ADD COLUMN "redirect_uri" TEXT;
ALTER TABLE "zoho_oauth_states" ADD COLUMN "location" TEXT;

CREATE INDEX "zoho_oauth_states_expires_at_idx" ON "zoho_oauth_states"("expires_at");
