import { setTimeout as sleep } from "node:timers/promises";
import { metrics } from "@metrics/core";

/** What a route handler answers; the service writes it. */
export interface Reply {
  status: number;
  body: unknown;
}

export interface Route {
  /** The `route` tag: a fixed name, never the raw path (ids would explode cardinality). */
  id: string;
  method: string;
  /** The path pattern, for display. */
  pattern: string;
  match: (path: string) => Record<string, string> | undefined;
  handle: (params: Record<string, string>, body: string) => Promise<Reply>;
}

const KNOWN_USERS = 30;

/** Orders inserted so far: every seventh insert fails, so every run shows failures. */
let inserts = 0;

/** A pretend database: a few milliseconds per query, and now and then a failure. */
const db = {
  async findUser(id: number) {
    await sleep(1 + Math.random() * 6);
    return id >= 1 && id <= KNOWN_USERS ? { id, name: `user ${id}` } : undefined;
  },
  async insertOrder(order: unknown) {
    await sleep(2 + Math.random() * 10);
    if (++inserts % 7 === 0) throw new Error("deadlock detected");
    return { id: Math.floor(Math.random() * 1e6), order };
  },
};

function exact(path: string) {
  return (actual: string) => (actual === path ? {} : undefined);
}

export const routes: Route[] = [
  {
    id: "health",
    method: "GET",
    pattern: "/health",
    match: exact("/health"),
    handle: async () => ({ status: 200, body: { ok: true } }),
  },
  {
    id: "users.show",
    method: "GET",
    pattern: "/users/:id",
    match: (path) => /^\/users\/(?<id>\d+)$/.exec(path)?.groups,
    async handle({ id }) {
      // time() tags the query with result:success|failure and returns what findUser returned.
      const user = await metrics.time("db.query", () => db.findUser(Number(id)), {
        tags: { table: "users" },
      });
      return user ? { status: 200, body: user } : { status: 404, body: { error: "no such user" } };
    },
  },
  {
    id: "orders.create",
    method: "POST",
    pattern: "/orders",
    match: exact("/orders"),
    async handle(_params, body) {
      try {
        const order = await metrics.time("db.query", () => db.insertOrder(JSON.parse(body)), {
          tags: { table: "orders" },
        });
        return { status: 201, body: order };
      } catch {
        return { status: 500, body: { error: "could not save the order" } };
      }
    },
  },
  {
    id: "report",
    method: "GET",
    pattern: "/report",
    match: exact("/report"),
    async handle() {
      await sleep(150 + Math.random() * 300); // a slow endpoint
      return { status: 200, body: { rows: 42 } };
    },
  },
];

/** Anything no route matched. */
export const unmatched: Route = {
  id: "unmatched",
  method: "*",
  pattern: "(no route)",
  match: () => ({}),
  handle: async () => ({ status: 404, body: { error: "not found" } }),
};

/**
 * The route that answers `method` and `path`, and the parameters it matched.
 *
 * @example
 * findRoute("GET", "/users/7"); // [the users.show route, { id: "7" }]
 */
export function findRoute(method: string, path: string): [Route, Record<string, string>] {
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = route.match(path);
    if (params !== undefined) return [route, params];
  }
  return [unmatched, {}];
}
