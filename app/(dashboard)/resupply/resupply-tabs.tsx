"use client";

import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { ResupplyBoard } from "./resupply-board";
import { RulesPanel } from "./rules-panel";

const TABS = [
  { id: "board", label: "Board" },
  { id: "rules", label: "Rules" },
] as const;

export function ResupplyTabs() {
  const [tab, setTab] = useState<(typeof TABS)[number]["id"]>("board");
  return (
    <div>
      <div role="tablist" aria-label="Resupply sections" className="mb-4 flex gap-1 overflow-x-auto border-b border-stone-200">
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
      <div role="tabpanel">{tab === "board" ? <ResupplyBoard /> : <RulesPanel />}</div>
    </div>
  );
}
