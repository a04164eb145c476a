// The demo organisation for local use: one client with internal and external rooms.
// Fixed ids so the seed is idempotent and the console's links stay stable across restarts.
export const DEMO_CLIENT = { id: "00000000-0000-4000-8000-000000000001", name: "Demo Client" } as const;

export const DEMO_ROOMS = [
  { id: "00000000-0000-4000-8000-000000000101", name: "Support desk", kind: "internal" },
  { id: "00000000-0000-4000-8000-000000000102", name: "Sales team", kind: "internal" },
  { id: "00000000-0000-4000-8000-000000000103", name: "Engineering", kind: "internal" },
  { id: "00000000-0000-4000-8000-000000000104", name: "Customer WhatsApp group", kind: "external" },
] as const;
