// @cliq/zoho-client: Zoho Accounts OAuth + Cliq REST API v2, production client.
export { type ZohoClient, type ZohoClientOptions, createZohoClient } from "./client.ts";
export {
  type DataCentre,
  type DataCentreOverrides,
  ZOHO_DATA_CENTRES,
  ZohoDataCentresEnv,
  dataCentresFromEnv,
  findDataCentre,
  normaliseServerUrl,
  resolveDataCentres,
} from "./data-centres.ts";
export {
  type ZohoEndpoint,
  type ZohoErrorKind,
  ZohoBadRequestError,
  ZohoError,
  ZohoForbiddenError,
  ZohoMalformedResponseError,
  ZohoNotFoundError,
  ZohoOAuthError,
  ZohoScopeError,
  ZohoThrottledError,
  ZohoTokenInvalidError,
  ZohoTokenThrottledError,
  ZohoTransientError,
  classifyZohoError,
} from "./errors.ts";
export type { ZohoChannel, ZohoChannelPage, ZohoLastMessageInfo } from "./domain/channel.ts";
export { type ZohoMessage, type ZohoMessageFile, normaliseMessageId, sortMessages } from "./domain/message.ts";
export type { TokenGrant } from "./domain/token.ts";
export type { AuthorizeParams, ChannelListParams, MessagesParams } from "./requests.ts";
