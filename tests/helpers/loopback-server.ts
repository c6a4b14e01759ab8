import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";

/**
 * An HTTP server on the loopback interface for the tests of the enclosing `describe`, answering
 * with `handler`: started before them, closed after. `base` is its URL once it listens.
 */
export function loopbackServer(handler: RequestListener): { readonly base: string } {
  const at = { base: "" };
  let server: Server;
  beforeAll(async () => {
    server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    at.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return at;
}
