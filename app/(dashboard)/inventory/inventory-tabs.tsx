"use client";

import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { StockPanel } from "./stock-panel";
import { ComponentsPanel } from "./components-panel";
import { ProductsPanel } from "./products-panel";
import { CsvPanel } from "./csv-panel";
import { LocationsPanel } from "./locations-panel";

const TABS = [
  { id: "stock", label: "Stock" },
  { id: "components", label: "Components" },
  { id: "products", label: "Products & kits" },
  { id: "locations", label: "Locations" },
  { id: "csv", label: "Import & export" },
] as const;
type TabId = (typeof TABS)[number]["id"];

export function InventoryTabs() {
  const [tab, setTab] = useState<TabId>("stock");
  return (
    <div>
      <div role="tablist" aria-label="Inventory sections" className="mb-4 flex gap-1 overflow-x-auto border-b border-stone-200">
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
        {tab === "stock" && <StockPanel />}
        {tab === "components" && <ComponentsPanel />}
        {tab === "products" && <ProductsPanel />}
        {tab === "locations" && <LocationsPanel />}
        {tab === "csv" && <CsvPanel />}
      </div>
    </div>
  );
}
