"use client";

import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { AnomaliesPanel } from "./anomalies-panel";
import { DailyClosePanel } from "./daily-close-panel";

const TABS = [
  { id: "anomalies", label: "Anomalies" },
  { id: "closes", label: "Daily close" },
] as const;

export function ReconciliationTabs() {
  const [tab, setTab] = useState<(typeof TABS)[number]["id"]>("anomalies");
  return (
    <div>
      <div role="tablist" aria-label="Reconciliation sections" className="mb-4 flex gap-1 overflow-x-auto border-b border-stone-200">
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
      <div role="tabpanel">{tab === "anomalies" ? <AnomaliesPanel /> : <DailyClosePanel />}</div>
    </div>
  );
}
