"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ChangeEvent } from "react";
import { useTRPC, useTRPCClient } from "@/components/trpc";
import { formatQuantity } from "@/components/format";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { SelectField } from "@/components/ui/field";
import { ErrorState } from "@/components/ui/states";

type Kind = "components" | "products" | "counts";

const KINDS: { id: Kind; label: string; help: string }[] = [
  {
    id: "components",
    label: "Components",
    help: "Columns: code, name, unit (g, ml, pc), cost_per_unit_minor (cents, up to 3 decimals), shelf_life_hours, supplier, active (yes/no).",
  },
  {
    id: "products",
    label: "Products & kits",
    help: "Columns: sku, name, price_minor (cents), category, is_modifier, active, kit — e.g. component:DOUGH=80; product:GLAZED=2.",
  },
  {
    id: "counts",
    label: "Stock counts",
    help: "Columns: location, component, counted. Export the count sheet, fill in the counted column (leave blank what you did not count), import it.",
  },
];

/** Export, then import with a preview of every change and row error before anything is written. */
export function CsvPanel() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>("components");
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  // Remounts the file input after an apply so the same file can be chosen again.
  const [inputKey, setInputKey] = useState(0);
  const preview = useMutation(trpc.catalog.previewCsv.mutationOptions());
  const apply = useMutation(
    trpc.catalog.applyCsv.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.catalog.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.stock.pathKey() });
        preview.reset();
        setFile(null);
        setInputKey((k) => k + 1);
      },
    }),
  );

  async function download() {
    setExportError(null);
    try {
      const { csv } = await client.catalog.exportCsv.query({ kind });
      const url = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `${kind === "counts" ? "count-sheet" : kind}-${new Date().toISOString().slice(0, 10)}.csv`;
      a.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setExportError(error instanceof Error ? error.message : "Export failed");
    }
  }

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const f = event.target.files?.[0];
    apply.reset();
    if (!f) return;
    const text = await f.text();
    setFile({ name: f.name, text });
    preview.mutate({ kind, csv: text });
  }

  const data = preview.data;
  const work = data ? data.changes.filter((c) => c.action !== "unchanged") : [];
  const help = KINDS.find((k) => k.id === kind)?.help;

  return (
    <div className="grid gap-6 xl:grid-cols-[22rem_minmax(0,1fr)]">
      <Card title="CSV import & export">
        <div className="space-y-4">
          <SelectField
            label="What"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as Kind);
              setFile(null);
              preview.reset();
              apply.reset();
            }}
            hint={help}
          >
            {KINDS.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </SelectField>
          <Button variant="secondary" onClick={() => void download()}>
            {kind === "counts" ? "Download count sheet" : "Export CSV"}
          </Button>
          {exportError && <p className="text-sm text-red-700">{exportError}</p>}
          <div>
            <label htmlFor="csv-file" className="block text-sm font-medium text-stone-700">
              Import a CSV file
            </label>
            <input
              id="csv-file"
              key={`${kind}:${inputKey}`}
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => void choose(e)}
              className="mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-stone-100 file:px-3 file:py-2 file:text-sm file:font-medium"
            />
            <p className="mt-1 text-xs text-stone-500">Nothing is written until you confirm the preview.</p>
          </div>
          {apply.isSuccess && (
            <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800" data-testid="csv-applied">
              Applied {apply.data.applied} change{apply.data.applied === 1 ? "" : "s"}.
            </p>
          )}
        </div>
      </Card>
      <Card title={file ? `Preview of ${file.name}` : "Preview"}>
        {!file ? (
          <p className="text-sm text-stone-600">Choose a file to see what it would change. Rows with errors are listed with their row number; fix them and choose the file again.</p>
        ) : preview.isPending ? (
          <p className="text-sm text-stone-600">Checking…</p>
        ) : preview.isError ? (
          <ErrorState error={preview.error} />
        ) : data ? (
          <div className="space-y-4">
            <p className="text-sm text-stone-700">
              {data.rows} row{data.rows === 1 ? "" : "s"} read · {data.errors.length} with errors ·{" "}
              {kind === "counts" ? `${data.counts.length} count${data.counts.length === 1 ? "" : "s"} to record` : `${work.length} to create or update`}
            </p>
            {data.errors.length > 0 && (
              <div className="rounded-md border border-red-200 bg-red-50 p-3" data-testid="csv-errors">
                <p className="mb-2 text-sm font-medium text-red-800">Fix these rows; nothing will be applied while any row is wrong.</p>
                <ul className="space-y-1 text-sm text-red-800">
                  {data.errors.map((e, i) => (
                    <li key={i}>
                      <strong>Row {e.row}:</strong> {e.message}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {kind !== "counts" && data.changes.length > 0 && (
              <div className="overflow-x-auto rounded-lg ring-1 ring-stone-200">
                <table className="min-w-full divide-y divide-stone-200 bg-white text-sm">
                  <thead className="bg-stone-50 text-left text-stone-600">
                    <tr>
                      <th className="px-3 py-2 font-medium">Code</th>
                      <th className="px-3 py-2 font-medium">Change</th>
                      <th className="px-3 py-2 font-medium">Details</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-stone-100">
                    {data.changes.map((c) => (
                      <tr key={c.key}>
                        <td className="px-3 py-2 font-mono text-xs">{c.key}</td>
                        <td className="px-3 py-2">
                          <Badge tone={c.action === "create" ? "good" : c.action === "update" ? "warn" : "neutral"}>{c.action === "create" ? "New" : c.action === "update" ? "Update" : "No change"}</Badge>
                        </td>
                        <td className="px-3 py-2 text-xs text-stone-600">{c.changes.join(" · ")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {kind === "counts" && data.counts.length > 0 && (
              <div className="overflow-x-auto rounded-lg ring-1 ring-stone-200">
                <table className="min-w-full divide-y divide-stone-200 bg-white text-sm">
                  <thead className="bg-stone-50 text-left text-stone-600">
                    <tr>
                      <th className="px-3 py-2 font-medium">Location</th>
                      <th className="px-3 py-2 font-medium">Component</th>
                      <th className="px-3 py-2 text-right font-medium">Ledger</th>
                      <th className="px-3 py-2 text-right font-medium">Counted</th>
                      <th className="px-3 py-2 text-right font-medium">Adjustment</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-stone-100">
                    {data.counts.map((c) => (
                      <tr key={c.row}>
                        <td className="px-3 py-2">{c.location}</td>
                        <td className="px-3 py-2">{c.name}</td>
                        <td className="px-3 py-2 text-right tabular-nums">{formatQuantity(c.expected, c.unit)}</td>
                        <td className="px-3 py-2 text-right tabular-nums">{formatQuantity(c.counted, c.unit)}</td>
                        <td className={`px-3 py-2 text-right tabular-nums ${c.delta < 0 ? "text-red-700" : c.delta > 0 ? "text-emerald-700" : ""}`}>
                          {c.delta > 0 ? "+" : ""}
                          {formatQuantity(c.delta, c.unit)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {apply.isError && <ErrorState error={apply.error} />}
            <Button disabled={!data.canApply} busy={apply.isPending} onClick={() => apply.mutate({ kind, csv: file.text })}>
              {data.canApply ? "Apply these changes" : data.errors.length ? "Fix the errors to apply" : "Nothing to apply"}
            </Button>
          </div>
        ) : null}
      </Card>
    </div>
  );
}
