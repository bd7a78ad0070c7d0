/** Prisma's "unique constraint failed" (P2002): a racing writer got there first. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002";
}
