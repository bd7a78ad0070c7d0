import { redirect } from "next/navigation";
import { getSessionUser } from "@/server/auth/session";
import { homeFor } from "@/components/nav-config";

export default async function Home() {
  const user = await getSessionUser();
  redirect(user ? homeFor(user.role) : "/sign-in");
}
