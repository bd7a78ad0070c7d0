import "server-only";
import { createCaller } from "./root";
import { createRequestContext } from "./context";

/** tRPC caller for server components: same procedures, same role checks. */
export async function serverCaller() {
  return createCaller(await createRequestContext());
}
