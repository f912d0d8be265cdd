// The identity map on /community/contributors: confirming a merge of two picked contributors, and
// the merges made so far with their undo buttons (community and admin only).
import { getFormProps, getInputProps, type SubmissionResult, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, Link } from 'react-router'
import { MergeIdentitiesSchema, UndoMergeSchema } from '#app/domain/community/identity-refs.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card, EmptyState } from '#app/components/ui/card.tsx'
import { FieldErrors, FormErrors } from '#app/components/ui/field.tsx'
import { formatDateTime } from '#app/utils/format.ts'

type Result = SubmissionResult<string[]> | undefined

export interface PickedContributor {
  ref: string
  label: string
}

/** "Merge these two into one person?" with the two named, errors next to each. */
export function MergeConfirm({
  a,
  b,
  cancelTo,
  lastResult,
  busy,
}: {
  a: PickedContributor
  b: PickedContributor
  cancelTo: string
  lastResult: Result
  busy: boolean
}) {
  const [form, fields] = useForm({
    id: 'merge',
    lastResult,
    defaultValue: { a: a.ref, b: b.ref },
    constraint: getZodConstraint(MergeIdentitiesSchema),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MergeIdentitiesSchema }),
  })
  return (
    <section aria-labelledby="merge-heading" className="mb-6 rounded-lg border border-brand-200 bg-brand-50 p-4">
      <h2 id="merge-heading" className="text-base font-semibold text-slate-900">
        Merge these two into one person?
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        From then on they count once in new, active and inactive contributors and the absence factor. You can undo it below.
      </p>
      <Form method="post" {...getFormProps(form)} className="mt-3 space-y-3">
        <input type="hidden" name="intent" value="merge" />
        <FormErrors errors={form.errors} />
        <ul className="space-y-2 text-sm">
          {[
            { field: fields.a, picked: a },
            { field: fields.b, picked: b },
          ].map(({ field, picked }) => (
            <li key={field.name}>
              <input {...getInputProps(field, { type: 'hidden' })} />
              <span className="font-medium" aria-describedby={field.errors?.length ? field.errorId : undefined}>
                {picked.label}
              </span>{' '}
              <code className="text-xs text-slate-600">{picked.ref}</code>
              <FieldErrors id={field.errorId} errors={field.errors} />
            </li>
          ))}
        </ul>
        <div className="flex flex-wrap items-center gap-3">
          <Button disabled={busy}>Merge into one person</Button>
          <Link to={cancelTo} className="text-sm font-medium text-brand-700 underline">
            Cancel
          </Link>
        </div>
      </Form>
    </section>
  )
}

export interface MergeRow {
  id: string
  a: string
  b: string
  mergedAt: string | Date
  mergedBy: string
  undoneAt: string | Date | null
  undoneBy: string | null
  canUndo: boolean
}

/** The merges, newest first; undo where the merged person is as the merge left it. */
export function MergeHistory({
  merges,
  canEdit,
  timeZone,
  undoResult,
  undoMergeId,
  busy,
}: {
  merges: MergeRow[]
  canEdit: boolean
  timeZone: string
  undoResult: Result
  undoMergeId: string | null
  busy: boolean
}) {
  return (
    <section aria-labelledby="merges-heading" className="mt-8">
      <h2 id="merges-heading" className="mb-3 text-lg font-semibold text-slate-900">
        Merged identities
      </h2>
      {merges.length === 0 ? (
        <EmptyState title="No merges yet">
          {canEdit
            ? 'When one person appears under two names (a GitHub login and a commit name, or a forum username), tick both in the table above and choose “Merge selected”.'
            : 'Community leads and admins can merge a person’s GitHub login, commit name and forum username so they count once.'}
        </EmptyState>
      ) : (
        <Card>
          <ul className="divide-y divide-slate-100 text-sm">
            {merges.map((m) => (
              <li key={m.id} className="flex flex-wrap items-start justify-between gap-2 py-2">
                <div>
                  <p>
                    <code>{m.a}</code> + <code>{m.b}</code>
                  </p>
                  <p className="text-xs text-slate-600">
                    Merged by {m.mergedBy}, {formatDateTime(m.mergedAt, timeZone)}
                    {m.undoneAt ? ` · undone by ${m.undoneBy}, ${formatDateTime(m.undoneAt, timeZone)}` : ''}
                  </p>
                </div>
                {canEdit && !m.undoneAt ? (
                  <UndoForm
                    mergeId={m.id}
                    label={`${m.a} + ${m.b}`}
                    canUndo={m.canUndo}
                    lastResult={undoMergeId === m.id ? undoResult : undefined}
                    busy={busy}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </section>
  )
}

function UndoForm({
  mergeId,
  label,
  canUndo,
  lastResult,
  busy,
}: {
  mergeId: string
  label: string
  canUndo: boolean
  lastResult: Result
  busy: boolean
}) {
  const [form, fields] = useForm({
    id: `undo-${mergeId}`,
    lastResult,
    defaultValue: { mergeId },
    constraint: getZodConstraint(UndoMergeSchema),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UndoMergeSchema }),
  })
  const errors = fields.mergeId.errors ?? form.errors
  return (
    <Form method="post" {...getFormProps(form)} className="text-right">
      <input type="hidden" name="intent" value="undo" />
      <input {...getInputProps(fields.mergeId, { type: 'hidden' })} />
      <Button
        variant="secondary"
        disabled={busy}
        aria-label={`Undo merge ${label}`}
        aria-describedby={errors?.length ? fields.mergeId.errorId : undefined}
      >
        Undo
      </Button>
      {!canUndo && !errors?.length ? <p className="mt-1 text-xs text-slate-600">Undo the later merges of this person first.</p> : null}
      <FieldErrors id={fields.mergeId.errorId} errors={errors} />
    </Form>
  )
}
