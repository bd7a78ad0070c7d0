"use server";

import { cookies, headers } from "next/headers";
import { db } from "@/server/db";
import { appUrl } from "@/server/env";
import { getSessionUser } from "@/server/auth/session";
import { isDomainError } from "@/server/domain/errors";
import { registerTabletDevice, TABLET_COOKIE, tabletCookieOptions } from "@/server/services/tablet-devices";

export type RegisterDeviceState = {
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string>;
  device?: { name: string; locationName: string; tabletPath: string };
};

async function servedOverHttps(): Promise<boolean> {
  const proto = (await headers()).get("x-forwarded-proto")?.split(",")[0]?.trim();
  return proto === "https" || appUrl().startsWith("https://");
}

/**
 * Registers the browser this runs in as a counter tablet. A server action because only the
 * response to this very browser can set its httpOnly device cookie.
 */
export async function registerThisDevice(_previous: RegisterDeviceState, form: FormData): Promise<RegisterDeviceState> {
  const jar = await cookies();
  try {
    const { token, device } = await registerTabletDevice(db, await getSessionUser(), {
      locationId: String(form.get("locationId") ?? ""),
      name: String(form.get("name") ?? ""),
      currentToken: jar.get(TABLET_COOKIE)?.value,
    });
    jar.set(TABLET_COOKIE, token, tabletCookieOptions(await servedOverHttps()));
    return { ok: true, device: { name: device.name, locationName: device.location.name, tabletPath: device.tabletPath } };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const details = error.details as { fields?: Record<string, string> } | undefined;
    return { ok: false, message: error.message, fieldErrors: details?.fields };
  }
}
