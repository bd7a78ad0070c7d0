import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from "@prisma/driver-adapter-utils";

/**
 * Pragmas applied on every new connection. WAL lets readers run beside the writer; NORMAL sync in
 * WAL mode still survives a process kill (the WAL is in the OS page cache), which is the durability
 * the webhook contract promises.
 */
const CONNECTION_PRAGMAS = [
  "PRAGMA journal_mode = WAL",
  "PRAGMA synchronous = NORMAL",
  "PRAGMA busy_timeout = 5000",
  "PRAGMA foreign_keys = ON",
  "PRAGMA temp_store = MEMORY",
  "PRAGMA cache_size = -65536",
].join(";\n");

/** FIFO async lock. */
class Lock {
  #tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return ready;
  }
}

/**
 * better-sqlite3 gives Prisma one connection. The stock adapter serialises transactions but lets
 * plain queries run while another request's transaction is open, so they would join (and roll back
 * with) that transaction. This wrapper makes every top-level statement wait for open transactions.
 */
class SerializedAdapter implements SqlDriverAdapter {
  readonly provider: SqlDriverAdapter["provider"];
  readonly adapterName: string;
  #inner: SqlDriverAdapter;
  #lock = new Lock();

  constructor(inner: SqlDriverAdapter) {
    this.#inner = inner;
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  async #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.#lock.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  queryRaw(query: SqlQuery) {
    return this.#exclusive(() => this.#inner.queryRaw(query));
  }
  executeRaw(query: SqlQuery) {
    return this.#exclusive(() => this.#inner.executeRaw(query));
  }
  executeScript(script: string) {
    return this.#exclusive(() => this.#inner.executeScript(script));
  }
  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const release = await this.#lock.acquire();
    let tx: Transaction;
    try {
      tx = await this.#inner.startTransaction(isolationLevel);
    } catch (error) {
      release();
      throw error;
    }
    let released = false;
    const finish = () => {
      if (!released) {
        released = true;
        release();
      }
    };
    return {
      provider: tx.provider,
      adapterName: tx.adapterName,
      options: tx.options,
      queryRaw: (q) => tx.queryRaw(q),
      executeRaw: (q) => tx.executeRaw(q),
      commit: async () => {
        try {
          await tx.commit();
        } finally {
          finish();
        }
      },
      rollback: async () => {
        try {
          await tx.rollback();
        } finally {
          finish();
        }
      },
    };
  }
  getConnectionInfo() {
    return this.#inner.getConnectionInfo?.() ?? { supportsRelationJoins: false };
  }
  dispose() {
    return this.#inner.dispose();
  }
}

/** Driver adapter factory for Backroom's SQLite file: pragmas on connect, serialised statements. */
export class BackroomSqliteFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "sqlite" as const;
  readonly adapterName = "@prisma/adapter-better-sqlite3";
  #base: PrismaBetterSQLite3;

  constructor(url: string) {
    this.#base = new PrismaBetterSQLite3({ url, timeout: 5000 }, { timestampFormat: "iso8601" });
  }

  async connect(): Promise<SqlDriverAdapter> {
    const adapter = await this.#base.connect();
    await adapter.executeScript(CONNECTION_PRAGMAS);
    return new SerializedAdapter(adapter);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const adapter = await this.#base.connectToShadowDb();
    return new ShadowAdapter(adapter);
  }
}

/**
 * `migrate dev` replays each multi-statement migration.sql through executeRaw, which runs one
 * statement. On the shadow database, run parameterless SQL as a script instead.
 */
class ShadowAdapter extends SerializedAdapter {
  #raw: SqlDriverAdapter;
  constructor(inner: SqlDriverAdapter) {
    super(inner);
    this.#raw = inner;
  }
  override async executeRaw(query: SqlQuery) {
    if (query.args.length === 0) {
      await this.#raw.executeScript(query.sql);
      return 0;
    }
    return this.#raw.executeRaw(query);
  }
}
