import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request a test receiver got. */
export interface ReceivedWebhook {
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
  readonly at: number;
}

/** A real HTTP receiver on a free port of 127.0.0.1. */
export interface TestReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  close(): Promise<void>;
}

/**
 * Starts a receiver; `answer` decides the response to each request (it may leave the request
 * hanging to simulate a receiver that never answers; `close` then cuts the connections).
 */
export async function startReceiver(
  answer: (req: ReceivedWebhook, n: number, res: ServerResponse) => void,
): Promise<TestReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() };
      received.push(r);
      answer(r, received.length, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers `status` with an optional header set. */
export function respond(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "text/plain", ...headers });
  res.end(status < 300 ? "ok" : "no");
}
