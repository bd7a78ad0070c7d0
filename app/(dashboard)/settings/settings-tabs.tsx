"use client";

import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { MembersPanel } from "./members-panel";
import { ApiKeysPanel } from "./api-keys-panel";
import { IntegrationsPanel } from "./integrations-panel";

const TABS = [
  { id: "users", label: "Users" },
  { id: "api-keys", label: "API keys" },
  { id: "integrations", label: "POS integrations" },
] as const;

export function SettingsTabs({ baseUrl }: { baseUrl: string }) {
  const [tab, setTab] = useState<(typeof TABS)[number]["id"]>("users");
  return (
    <div>
      <div role="tablist" aria-label="Settings sections" className="mb-4 flex gap-1 overflow-x-auto border-b border-stone-200">
        {TABS.map((t) => (
          <button
            key={t.id}
            role="tab"
            type="button"
            aria-selected={tab === t.id}
            onClick={() => setTab(t.id)}
            className={cn(
              "whitespace-nowrap border-b-2 px-4 py-2 text-sm font-medium",
              tab === t.id ? "border-brand-600 text-brand-700" : "border-transparent text-stone-600 hover:text-stone-900",
            )}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === "users" && <MembersPanel />}
        {tab === "api-keys" && <ApiKeysPanel />}
        {tab === "integrations" && <IntegrationsPanel baseUrl={baseUrl} />}
      </div>
    </div>
  );
}
