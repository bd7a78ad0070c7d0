import fs from "node:fs";
import path from "node:path";
import { env } from "./env";

/** Absolute file: URL of the SQLite database; creates its folder so a fresh clone just works. */
export function sqliteUrl(url: string = env.DATABASE_URL): string {
  const file = url.replace(/^file:/, "");
  const absolute = path.resolve(/*turbopackIgnore: true*/ process.cwd(), file);
  fs.mkdirSync(path.dirname(absolute), { recursive: true });
  return `file:${absolute}`;
}

export function sqlitePath(url: string = env.DATABASE_URL): string {
  return sqliteUrl(url).replace(/^file:/, "");
}
