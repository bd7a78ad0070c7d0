/**
 * A minimal HTTP server around the webhook handler (the same code the Next route calls), used by the
 * SIGKILL durability test: it can be killed -9 and restarted in well under a second. On start it
 * drains the inbox, as the scheduler's inbox-drain job does when the real server boots, then prints
 * `listening <port>`. Run: tsx server/services/ingest-standalone.ts (DATABASE_URL selects the DB).
 */
import http from "node:http";
import { db } from "../db";
import { drainInbox, receivePosWebhook } from "./ingest";

async function main() {
  console.log(`drained ${await drainInbox(db)}`);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const integrationId = decodeURIComponent((req.url ?? "").split("/").pop() ?? "");
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(`http://localhost${req.url ?? "/"}`, { method: "POST", headers, body: Buffer.concat(chunks) });
      void receivePosWebhook(db, integrationId, request).then(
        (answer) => {
          res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
          res.end(JSON.stringify(answer.body));
        },
        () => {
          res.writeHead(503, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { code: "UNAVAILABLE", message: "Not stored; retry." } }));
        },
      );
    });
  });
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
  });
}

void main();
