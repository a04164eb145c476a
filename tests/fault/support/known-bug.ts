// A case that reproduces a product bug (README.md, "Known product bugs") asserts the intended
// behaviour, so it fails while the bug is there. By default it runs as `it.fails` (the suite stays
// green and vitest reports "expected fail"); when the bug is fixed vitest reports it as failing
// ("passed unexpectedly"): then turn it into a plain `it`. FAULT_KNOWN_BUGS=strict runs these
// cases as plain tests, to see the reproduction fail with its real assertion message.
import { it } from "vitest";

export const knownBug: typeof it.fails = process.env.FAULT_KNOWN_BUGS === "strict" ? (it as unknown as typeof it.fails) : it.fails;
