"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField, TextAreaField } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import { NOTE_MAX_LENGTH, NOTE_TAGS, type NoteTag } from "@/server/domain/note-format";
import { NoteBody } from "./note-body";

export function NoteForm({ locationId }: { locationId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const shifts = useQuery(trpc.shifts.list.queryOptions({ locationId }));
  const mentions = useQuery(trpc.shifts.mentionOptions.queryOptions());
  const [body, setBody] = useState("");
  const [tags, setTags] = useState<NoteTag[]>([]);
  const [shiftId, setShiftId] = useState("");
  const [mentionUserId, setMentionUserId] = useState("");
  const [mentionComponentId, setMentionComponentId] = useState("");
  const [preview, setPreview] = useState(false);
  const write = useMutation(
    trpc.shifts.writeNote.mutationOptions({
      onSuccess: async () => {
        setBody("");
        setTags([]);
        setMentionUserId("");
        setMentionComponentId("");
        setPreview(false);
        await queryClient.invalidateQueries({ queryKey: trpc.shifts.notes.queryKey({ locationId }) });
      },
    }),
  );
  const errors = fieldErrorsOf(write.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    write.mutate({
      locationId,
      body,
      tags,
      shiftId: shiftId || null,
      mentionUserId: mentionUserId || null,
      mentionComponentId: mentionComponentId || null,
    });
  }

  const toggle = (tag: NoteTag) => setTags((t) => (t.includes(tag) ? t.filter((x) => x !== tag) : [...t, tag]));

  return (
    <Card title="Write a note for the next shift">
      <form onSubmit={submit} noValidate className="space-y-4">
        {preview && body.trim() ? (
          <div className="min-h-24 rounded-md bg-stone-50 p-3 ring-1 ring-stone-200" aria-label="Preview">
            <NoteBody body={body} />
          </div>
        ) : (
          <TextAreaField
            label="Note"
            value={body}
            onChange={(e) => setBody(e.target.value)}
            maxLength={NOTE_MAX_LENGTH}
            rows={5}
            placeholder={"Fryer 2 smoked at 3 pm — **do not use** until serviced.\n- Glaze ran low, ordered more\n- Mrs. Lee picks up a dozen at 9"}
            error={errors.body}
            hint={`Blank line = new paragraph, "- " starts a bullet, **bold**. ${body.length}/${NOTE_MAX_LENGTH}`}
          />
        )}
        <fieldset>
          <legend className="mb-2 text-sm font-medium text-stone-700">Tags</legend>
          <div className="flex flex-wrap gap-2">
            {NOTE_TAGS.map((tag) => (
              <button
                key={tag}
                type="button"
                aria-pressed={tags.includes(tag)}
                onClick={() => toggle(tag)}
                className={cn(
                  "h-10 rounded-full px-4 text-sm font-medium ring-1",
                  tags.includes(tag) ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-stone-700 ring-stone-300 hover:bg-stone-50",
                )}
              >
                {tag}
              </button>
            ))}
          </div>
          {errors.tags && <p className="mt-1 text-sm text-red-700">{errors.tags}</p>}
        </fieldset>
        <div className="grid gap-3 sm:grid-cols-3">
          <SelectField label="Shift" value={shiftId} onChange={(e) => setShiftId(e.target.value)} error={errors.shiftId}>
            <option value="">No particular shift</option>
            {shifts.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.startTime}–{s.endTime})
              </option>
            ))}
          </SelectField>
          <SelectField label="Mention a person" value={mentionUserId} onChange={(e) => setMentionUserId(e.target.value)} error={errors.mentionUserId}>
            <option value="">Nobody</option>
            {mentions.data?.people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </SelectField>
          <SelectField label="Mention a component" value={mentionComponentId} onChange={(e) => setMentionComponentId(e.target.value)} error={errors.mentionComponentId}>
            <option value="">None</option>
            {mentions.data?.components.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
        </div>
        {write.error && !Object.keys(errors).length && <p className="text-sm text-red-700">{write.error.message}</p>}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" size="lg" busy={write.isPending}>
            Post note
          </Button>
          <Button type="button" size="lg" variant="secondary" onClick={() => setPreview((p) => !p)} disabled={!body.trim()}>
            {preview ? "Edit" : "Preview"}
          </Button>
        </div>
      </form>
    </Card>
  );
}
