import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

const MIGRATIONS = path.resolve(import.meta.dirname, "../../prisma/migrations");

/** Applies every migration.sql in order to a SQLite file (what `migrate deploy` does, minus bookkeeping). */
export function applyMigrations(file: string): void {
  const sqlite = new Database(file);
  try {
    sqlite.pragma("journal_mode = WAL");
    for (const dir of fs.readdirSync(MIGRATIONS).filter((d) => /^\d+_/.test(d)).sort()) {
      sqlite.exec(fs.readFileSync(path.join(MIGRATIONS, dir, "migration.sql"), "utf8"));
    }
  } finally {
    sqlite.close();
  }
}
