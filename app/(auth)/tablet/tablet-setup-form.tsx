"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

const CODE = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function TabletSetupForm() {
  const router = useRouter();
  const [shop, setShop] = useState("");
  const [location, setLocation] = useState("");
  const [errors, setErrors] = useState<{ shop?: string; location?: string }>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const s = shop.trim().toLowerCase();
    const l = location.trim().toLowerCase();
    const next = { shop: CODE.test(s) ? undefined : "Enter the shop code, e.g. demo.", location: CODE.test(l) ? undefined : "Enter the location code, e.g. main." };
    setErrors(next);
    if (next.shop || next.location) return;
    router.push(`/tablet/${s}/${l}`);
  }

  return (
    <form onSubmit={submit} noValidate className="mt-4 space-y-3">
      <TextField label="Shop code" value={shop} onChange={(e) => setShop(e.target.value)} error={errors.shop} autoCapitalize="none" />
      <TextField label="Location code" value={location} onChange={(e) => setLocation(e.target.value)} error={errors.location} autoCapitalize="none" />
      <Button type="submit" size="lg" className="w-full">
        Open tablet sign-in
      </Button>
    </form>
  );
}
