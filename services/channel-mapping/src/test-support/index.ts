// @cliq/channel-mapping/test-support: the real service in a test (harness.ts builds it with
// buildMappingService, as main.ts does) for the integration tests of services that talk to it.
export { ADMIN, appErrorOf, eventually, startHarness, storedEvents, type Harness, type HarnessOptions, type Instance } from "./harness.ts";
export { addNewMessage, mapSyncedChannels, type SyncedChannel } from "./synced-channels.ts";
