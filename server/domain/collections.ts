/**
 * Grouping into a Map of arrays. Appending in place keeps building a group linear in its size; the
 * copy-on-append form (`map.set(k, [...(map.get(k) ?? []), v])`) is quadratic, which matters for the
 * thousands of orders a reconciliation run reads.
 */

/** Appends `value` to the group `key` of `groups`, creating the group on first use. */
export function appendTo<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const group = groups.get(key);
  if (group) group.push(value);
  else groups.set(key, [value]);
}

/** `items` grouped by `keyOf`, groups in order of first appearance, items in their order. */
export function groupBy<K, V>(items: Iterable<V>, keyOf: (item: V) => K): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const item of items) appendTo(groups, keyOf(item), item);
  return groups;
}
