import { DomainError } from "./errors";

/** One line of a kit: a component or another product, with an integer quantity. */
export type KitLineRef =
  | { kind: "component"; ref: string; quantity: number }
  | { kind: "product"; ref: string; quantity: number };

/** Products by key (id or SKU), each with its kit lines and a label used in messages. */
export type KitGraph = ReadonlyMap<string, { label: string; lines: readonly KitLineRef[] }>;

/** Component key → total integer quantity. */
export type ComponentUsage = Map<string, number>;

export const MAX_KIT_DEPTH = 8;

function label(graph: KitGraph, key: string): string {
  return graph.get(key)?.label ?? key;
}

function checkedMultiply(a: number, b: number, context: string): number {
  const result = a * b;
  if (!Number.isSafeInteger(result)) {
    throw new DomainError("UNPROCESSABLE", `Quantity overflow while exploding ${context}`);
  }
  return result;
}

/**
 * Explodes `quantity` of a product into exact component usage, following nested products.
 * Refuses cycles (naming them) and kits nested deeper than MAX_KIT_DEPTH.
 * A product with an empty kit consumes nothing (e.g. a gift card).
 */
export function explodeKit(
  graph: KitGraph,
  productKey: string,
  quantity: number,
  into: ComponentUsage = new Map(),
): ComponentUsage {
  if (!Number.isSafeInteger(quantity)) {
    throw new DomainError("UNPROCESSABLE", `Quantity must be a whole number, got ${quantity}`);
  }
  const visit = (key: string, qty: number, path: string[]): void => {
    const node = graph.get(key);
    if (!node) throw new DomainError("NOT_FOUND", `Unknown product ${key}`);
    if (path.includes(key)) {
      const cycle = [...path.slice(path.indexOf(key)), key].map((k) => label(graph, k));
      throw new DomainError("UNPROCESSABLE", `Kit cycle: ${cycle.join(" → ")}`, { cycle });
    }
    if (path.length >= MAX_KIT_DEPTH) {
      throw new DomainError(
        "UNPROCESSABLE",
        `Kit of ${label(graph, path[0] ?? key)} is nested deeper than ${MAX_KIT_DEPTH} levels`,
      );
    }
    const nextPath = [...path, key];
    for (const line of node.lines) {
      const lineQty = checkedMultiply(qty, line.quantity, label(graph, key));
      if (lineQty === 0) continue;
      if (line.kind === "component") {
        const total = (into.get(line.ref) ?? 0) + lineQty;
        if (!Number.isSafeInteger(total)) {
          throw new DomainError("UNPROCESSABLE", `Quantity overflow while exploding ${label(graph, key)}`);
        }
        into.set(line.ref, total);
      } else {
        visit(line.ref, lineQty, nextPath);
      }
    }
  };
  visit(productKey, quantity, []);
  return into;
}

/**
 * Finds a cycle anywhere in the graph, returned as labels (first = last), or null.
 * Used to validate a catalog or a kit edit before it is saved.
 */
export function findKitCycle(graph: KitGraph): string[] | null {
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const dfs = (key: string): string[] | null => {
    const s = state.get(key);
    if (s === "done") return null;
    if (s === "visiting") {
      return [...stack.slice(stack.indexOf(key)), key].map((k) => label(graph, k));
    }
    state.set(key, "visiting");
    stack.push(key);
    for (const line of graph.get(key)?.lines ?? []) {
      if (line.kind !== "product") continue;
      const found = dfs(line.ref);
      if (found) return found;
    }
    stack.pop();
    state.set(key, "done");
    return null;
  };
  for (const key of graph.keys()) {
    const found = dfs(key);
    if (found) return found;
  }
  return null;
}

/** Merges usage maps, multiplying `source` by `factor` (use -1 to subtract). */
export function addUsage(target: ComponentUsage, source: ReadonlyMap<string, number>, factor = 1): ComponentUsage {
  for (const [key, qty] of source) {
    const next = (target.get(key) ?? 0) + qty * factor;
    if (next === 0) target.delete(key);
    else target.set(key, next);
  }
  return target;
}

/**
 * The given products and every product whose kit contains one of them, at any depth: the
 * explosions an edit of `keys` can change (a deeper child can push a parent past the limits).
 */
export function kitAncestors(graph: KitGraph, keys: Iterable<string>): Set<string> {
  const parents = new Map<string, string[]>();
  for (const [key, node] of graph) {
    for (const line of node.lines) {
      if (line.kind !== "product") continue;
      const list = parents.get(line.ref) ?? [];
      list.push(key);
      parents.set(line.ref, list);
    }
  }
  const out = new Set<string>();
  const queue = [...keys];
  while (queue.length) {
    const key = queue.pop() as string;
    if (out.has(key)) continue;
    out.add(key);
    queue.push(...(parents.get(key) ?? []));
  }
  return out;
}

/** The product of `targets` closest to `from` in its kit (breadth first, `from` itself first), or null. */
export function nearestInKit(graph: KitGraph, from: string, targets: ReadonlySet<string>): string | null {
  const seen = new Set<string>([from]);
  let level = [from];
  while (level.length) {
    const found = level.find((k) => targets.has(k));
    if (found) return found;
    const next: string[] = [];
    for (const key of level) {
      for (const line of graph.get(key)?.lines ?? []) {
        if (line.kind === "product" && !seen.has(line.ref)) {
          seen.add(line.ref);
          next.push(line.ref);
        }
      }
    }
    level = next;
  }
  return null;
}
