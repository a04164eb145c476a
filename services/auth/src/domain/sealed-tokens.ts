// The token pair as stored: both halves sealed under the same (current) key, each bound to its
// own column so a ciphertext cannot be swapped into the other.
import { decrypt, encrypt, type Keyring } from "./crypto.ts";

const ACCESS = "zoho_auth.access_token";
const REFRESH = "zoho_auth.refresh_token";

export type SealedTokens = { accessTokenEnc: string; refreshTokenEnc: string; keyId: string };
export type Sealed = { accessTokenEnc: string; refreshTokenEnc: string };

export function sealTokens(ring: Keyring, tokens: { accessToken: string; refreshToken: string }): SealedTokens {
  return {
    accessTokenEnc: encrypt(ring, tokens.accessToken, ACCESS),
    refreshTokenEnc: encrypt(ring, tokens.refreshToken, REFRESH),
    keyId: ring.currentKeyId,
  };
}

export function openAccessToken(ring: Keyring, row: Sealed): string {
  return decrypt(ring, row.accessTokenEnc, ACCESS);
}

export function openRefreshToken(ring: Keyring, row: Sealed): string {
  return decrypt(ring, row.refreshTokenEnc, REFRESH);
}
