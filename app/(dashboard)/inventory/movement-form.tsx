"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { formatQuantity } from "@/components/format";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { WASTE_REASONS } from "./format";

export type MovementKind = "receipt" | "waste" | "count";
type ComponentOption = { componentId: string; code: string; name: string; unit: string; onHand: number };

const TITLES: Record<MovementKind, { quantity: string; submit: string; hint: string }> = {
  receipt: { quantity: "Quantity received", submit: "Record receipt", hint: "Adds to on-hand." },
  waste: { quantity: "Quantity wasted", submit: "Record waste", hint: "Takes from on-hand; say why." },
  count: { quantity: "Counted on hand", submit: "Record count", hint: "Sets on-hand to what you counted; the difference is logged." },
};

/**
 * Receipt, waste or count at one location, with messages beside each field. Used by the owner's
 * stock table and the staff phone page alike.
 */
export function MovementForm({
  kind,
  locationId,
  components,
  initialComponentId,
  onDone,
  large,
}: {
  kind: MovementKind;
  locationId: string;
  components: ComponentOption[];
  initialComponentId?: string;
  onDone?: (message: string) => void;
  large?: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [componentId, setComponentId] = useState(initialComponentId ?? "");
  const [quantity, setQuantity] = useState("");
  const [reason, setReason] = useState<string>(kind === "waste" ? "" : "");
  const [note, setNote] = useState("");
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const record = useMutation(
    trpc.stock.record.mutationOptions({
      onSuccess: (result) => {
        void queryClient.invalidateQueries({ queryKey: trpc.stock.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.catalog.components.queryKey() });
        const c = components.find((x) => x.componentId === componentId);
        setQuantity("");
        setNote("");
        if (result && c) onDone?.(`${c.name}: on hand now ${formatQuantity(result.onHand, c.unit)}`);
      },
    }),
  );
  const selected = components.find((c) => c.componentId === componentId);
  const errors = { ...fieldErrorsOf(record.error), ...localErrors };
  const formError = record.error && Object.keys(fieldErrorsOf(record.error)).length === 0 ? record.error.message : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!componentId) next.componentId = "Pick a component";
    const qty = Number(quantity);
    if (quantity.trim() === "" || !Number.isInteger(qty)) next.quantity = "Enter a whole number";
    else if (qty < (kind === "count" ? 0 : 1)) next.quantity = kind === "count" ? "Cannot be negative" : "Enter at least 1";
    if (kind === "waste" && !reason) next.reason = "Say why it was wasted";
    setLocalErrors(next);
    if (Object.keys(next).length) return;
    const why = kind === "waste" ? [reason, note.trim()].filter(Boolean).join(": ") : note.trim();
    record.mutate({ locationId, componentId, type: kind, quantity: qty, ...(why ? { reason: why } : {}) });
  }

  const t = TITLES[kind];
  const size = large ? "text-base py-3" : "";
  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-label={t.submit}>
      <SelectField label="Component" value={componentId} onChange={(e) => setComponentId(e.target.value)} error={errors.componentId} className={size}>
        <option value="">Choose…</option>
        {components.map((c) => (
          <option key={c.componentId} value={c.componentId}>
            {c.name} ({c.code})
          </option>
        ))}
      </SelectField>
      <TextField
        label={`${t.quantity}${selected ? ` (${selected.unit})` : ""}`}
        inputMode="numeric"
        value={quantity}
        onChange={(e) => setQuantity(e.target.value)}
        error={errors.quantity}
        hint={selected ? `${t.hint} On hand now: ${formatQuantity(selected.onHand, selected.unit)}.` : t.hint}
      />
      {kind === "waste" && (
        <SelectField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason}>
          <option value="">Choose…</option>
          {WASTE_REASONS.map((r) => (
            <option key={r} value={r}>
              {r[0]?.toUpperCase()}
              {r.slice(1)}
            </option>
          ))}
        </SelectField>
      )}
      <TextField
        label={kind === "receipt" ? "Note (supplier, delivery ref)" : "Note (optional)"}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={150}
      />
      {formError && (
        <p className="text-sm text-red-700" role="status">
          {formError}
        </p>
      )}
      <Button type="submit" busy={record.isPending} size={large ? "lg" : "md"} className={large ? "w-full" : ""}>
        {t.submit}
      </Button>
    </form>
  );
}
