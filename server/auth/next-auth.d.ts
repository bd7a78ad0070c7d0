import type { SessionUser } from "../services/sign-in";

declare module "next-auth" {
  interface Session {
    user: SessionUser;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    shopId?: string;
    shopName?: string;
    role?: string;
  }
}
