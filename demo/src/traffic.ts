/** The demo's client: a steady burst of requests at the service, and a tally of the answers. */

/** What the client sent and saw: the counts the metrics should match. */
export interface Sent {
  requests: number;
  /** route id → status → responses. */
  byRoute: Record<string, Record<string, number>>;
  /** The `x-user-id`s sent. */
  users: Set<string>;
}

interface Call {
  route: string;
  weight: number;
  request: (random: () => number) => { method: string; path: string; body?: string };
}

const CALLS: Call[] = [
  { route: "health", weight: 30, request: () => ({ method: "GET", path: "/health" }) },
  {
    route: "users.show",
    weight: 35,
    // Ids above 30 are unknown to the service: 404s.
    request: (random) => ({ method: "GET", path: `/users/${1 + Math.floor(random() * 36)}` }),
  },
  {
    route: "orders.create",
    weight: 20,
    request: (random) => ({
      method: "POST",
      path: "/orders",
      body: JSON.stringify({ sku: `sku-${Math.floor(random() * 100)}`, quantity: 1 }),
    }),
  },
  { route: "report", weight: 8, request: () => ({ method: "GET", path: "/report" }) },
  { route: "unmatched", weight: 7, request: () => ({ method: "GET", path: "/wp-login.php" }) },
];
const TOTAL_WEIGHT = CALLS.reduce((sum, call) => sum + call.weight, 0);

/** A small seeded generator (mulberry32), so every run sends the same mix. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(random: () => number): Call {
  let ticket = random() * TOTAL_WEIGHT;
  for (const call of CALLS) {
    ticket -= call.weight;
    if (ticket < 0) return call;
  }
  return CALLS[0]!;
}

/**
 * Sends `perSecond × duration` requests spread evenly over `durationMs`, without waiting for
 * answers (so slow requests overlap), and resolves once every answer is in. The number of
 * requests and their mix do not depend on how busy the machine is; only their spacing does.
 *
 * @example
 * const sent: Sent = { requests: 0, byRoute: {}, users: new Set() };
 * await sendTraffic(service.url, 1500, sent); // sent.requests === 60
 */
export async function sendTraffic(
  baseUrl: string,
  durationMs: number,
  sent: Sent,
  perSecond = 40,
): Promise<void> {
  const random = seeded(7);
  const inFlight = new Set<Promise<void>>();
  const total = Math.max(1, Math.round((perSecond * durationMs) / 1000));
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * durationMs) / total - performance.now();
    if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
    const call = pick(random);
    const { method, path, body } = call.request(random);
    // Most requests come from one of 40 signed-in users, some are anonymous.
    const user = random() < 0.85 ? `user-${1 + Math.floor(random() * 40)}` : undefined;
    const request = fetch(`${baseUrl}${path}`, {
      method,
      body,
      headers: user === undefined ? {} : { "x-user-id": user },
    }).then(async (response) => {
      await response.arrayBuffer();
      const statuses = sent.byRoute[call.route] ?? {};
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      sent.byRoute[call.route] = statuses;
      sent.requests++;
      if (user !== undefined) sent.users.add(user);
    });
    inFlight.add(request);
    const settled = () => inFlight.delete(request);
    request.then(settled, settled);
  }
  await Promise.all(inFlight);
}
