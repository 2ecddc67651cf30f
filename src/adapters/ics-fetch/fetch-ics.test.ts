import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOrcError } from "../../domain/errors.js";
import { fetchIcs, redactedUrl } from "./fetch-ics.js";

const ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n";
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    switch (req.url) {
      case "/ok.ics":
        res.writeHead(200, { "content-type": "text/calendar" }).end(ICS);
        return;
      case "/moved":
        res.writeHead(302, { location: "/ok.ics" }).end();
        return;
      case "/missing.ics":
        res.writeHead(404).end("no");
        return;
      case "/broken.ics":
        res.writeHead(503).end("later");
        return;
      case "/big-declared.ics":
        res.writeHead(200, { "content-length": String(2048) }).end("x".repeat(2048));
        return;
      case "/big-chunked.ics":
        res.writeHead(200);
        for (let i = 0; i < 8; i++) res.write("x".repeat(512));
        res.end();
        return;
      case "/latin1.ics":
        res.writeHead(200).end(Buffer.from([0x53, 0x61, 0x6c, 0xe9]));
        return;
      case "/slow.ics":
        setTimeout(() => res.writeHead(200).end(ICS), 2000).unref();
        return;
      default:
        res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function failure(url: string, options = {}) {
  const e = await fetchIcs(url, options).catch((err: unknown) => err);
  if (!isOrcError(e)) throw new Error(`expected an OrcError, got ${String(e)}`);
  return { code: e.code, message: e.message };
}

describe("fetchIcs", () => {
  it("returns the text, following redirects", async () => {
    expect(await fetchIcs(`${base}/ok.ics`)).toBe(ICS);
    expect(await fetchIcs(`${base}/moved`)).toBe(ICS);
  });

  it("classifies failures: a wrong URL is the estate's problem, a failing server is retryable", async () => {
    expect(await failure(`${base}/missing.ics`)).toEqual({
      code: "validation-failed",
      message: `the calendar at ${base}/… answered 404 Not Found; check the import's url in the estate`,
    });
    expect(await failure(`${base}/broken.ics`)).toEqual({
      code: "infrastructure-unavailable",
      message: `could not fetch the calendar at ${base}/…: the server answered 503 Service Unavailable; try again later`,
    });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await failure(`http://127.0.0.1:${port}/x.ics`)).toEqual({
      code: "infrastructure-unavailable",
      message: `could not fetch the calendar at http://127.0.0.1:${port}/…: connection failed (ECONNREFUSED); try again later`,
    });
    expect((await failure("ftp://example.com/x.ics")).code).toBe("validation-failed");
  });

  it("stops at the size limit, whether the server declares the length or not", async () => {
    for (const path of ["/big-declared.ics", "/big-chunked.ics"]) {
      expect(await failure(`${base}${path}`, { maxBytes: 1024 })).toEqual({
        code: "validation-failed",
        message: `the calendar at ${base}/… is larger than 1 KiB`,
      });
    }
  });

  it("gives up after the timeout, and refuses text that is not UTF-8", async () => {
    expect(await failure(`${base}/slow.ics`, { timeoutMs: 200 })).toEqual({
      code: "infrastructure-unavailable",
      message: `could not fetch the calendar at ${base}/…: no answer within 0.2 s; try again later`,
    });
    expect((await failure(`${base}/latin1.ics`)).message).toBe(`the calendar at ${base}/… is not UTF-8 text`);
  });

  it("shows only the origin of a URL, which may carry a secret in its path", () => {
    expect(redactedUrl("https://calendar.google.com/calendar/ical/x/private-abc/basic.ics")).toBe(
      "https://calendar.google.com/…",
    );
    expect(redactedUrl("https://example.com")).toBe("https://example.com");
  });
});
