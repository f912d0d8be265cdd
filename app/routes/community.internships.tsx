import type { ReactNode } from 'react'
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { data, Form, useActionData, useLoaderData, useNavigation } from 'react-router'
import { DomainError } from '#app/domain/errors.ts'
import {
  INTERN_STATUS_LABELS,
  InternSchema,
  InternStatusSchema,
  MilestoneSchema,
  nextStatuses,
  PROGRAMME_LABELS,
  ProgrammeSchema,
} from '#app/domain/community/internships.ts'
import {
  addIntern,
  addMilestone,
  completeMilestone,
  createProgramme,
  listProgrammes,
  setInternStatus,
} from '#app/domain/community/internships.server.ts'
import { CommunityNav } from '#app/components/community/community-ui.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, EmptyState, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { FieldErrors } from '#app/components/ui/field.tsx'
import { hasRole, requireRole, requireUser } from '#app/utils/session.server.ts'
import { INTERN_STATUSES, PROGRAMME_KINDS } from '#db/schema/internships.ts'
import type { Route } from './+types/community.internships'

const ProgrammeRef = z.object({ programmeId: z.string().uuid() })

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  return {
    programmes: await listProgrammes(),
    canEdit: hasRole(user, 'community'),
    thisYear: new Date().getUTCFullYear(),
    today: new Date().toISOString().slice(0, 10),
  }
}

type Errors = Record<string, string[] | null>

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'community')
  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '')
  const target = String(formData.get('programmeId') ?? formData.get('internId') ?? formData.get('milestoneId') ?? '')
  const fail = (errors: Errors) => data({ intent, target, errors, done: null as string | null }, { status: 400 })
  try {
    if (intent === 'programme') {
      const s = parseWithZod(formData, { schema: ProgrammeSchema })
      if (s.status !== 'success') return fail(s.error ?? {})
      const p = await createProgramme({ ...s.value, actorId: user.id })
      return { intent, target: p.id, errors: {} as Errors, done: `Added ${p.name}.` }
    }
    if (intent === 'intern') {
      const s = parseWithZod(formData, { schema: InternSchema.and(ProgrammeRef) })
      if (s.status !== 'success') return fail(s.error ?? {})
      const i = await addIntern({ ...s.value, actorId: user.id })
      return { intent, target, errors: {} as Errors, done: `Added ${i.name}.` }
    }
    if (intent === 'milestone') {
      const raw = Object.fromEntries(formData)
      const s = parseWithZod(formData, { schema: MilestoneSchema.and(ProgrammeRef) })
      if (s.status !== 'success') return fail(s.error ?? {})
      await addMilestone({ ...s.value, internId: raw.internId ? s.value.internId : undefined, actorId: user.id })
      return { intent, target, errors: {} as Errors, done: `Added the milestone “${s.value.title}”.` }
    }
    if (intent === 'status') {
      const s = parseWithZod(formData, { schema: InternStatusSchema })
      if (s.status !== 'success') return fail(s.error ?? {})
      await setInternStatus({ ...s.value, actorId: user.id })
      return { intent, target, errors: {} as Errors, done: `Status: ${INTERN_STATUS_LABELS[s.value.status]}.` }
    }
    if (intent === 'complete' || intent === 'reopen') {
      const milestoneId = z.string().uuid().safeParse(formData.get('milestoneId'))
      if (!milestoneId.success) throw data({ message: 'Unknown milestone' }, { status: 400 })
      await completeMilestone({ milestoneId: milestoneId.data, done: intent === 'complete', actorId: user.id })
      return { intent, target, errors: {} as Errors, done: intent === 'complete' ? 'Milestone done.' : 'Milestone reopened.' }
    }
  } catch (error) {
    if (error instanceof DomainError) return fail({ [error.field ?? '']: [error.message] })
    throw error
  }
  throw data({ message: 'Unknown action' }, { status: 400 })
}

const input = 'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm'
const STATUS_TONES: Record<string, string> = {
  proposal: 'bg-slate-100 text-slate-700',
  accepted: 'bg-sky-100 text-sky-800',
  coding: 'bg-brand-50 text-brand-700',
  evaluation: 'bg-amber-100 text-amber-900',
  completed: 'bg-green-100 text-green-800',
  not_completed: 'bg-red-100 text-red-800',
}

function Labelled({ id, label, errors, children }: { id: string; label: string; errors?: string[] | null; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  )
}

export default function InternshipsRoute() {
  const { programmes, canEdit, thisYear, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const err = (intent: string, target: string, field: string) =>
    actionData && actionData.intent === intent && (target === '' || actionData.target === target) ? actionData.errors?.[field] : undefined
  return (
    <>
      <PageHeader
        title="Internships"
        description="Google Summer of Code, Outreachy and other programmes: interns, projects, mentors, status and milestone dates. The next milestone shows on This week and in the calendar feed."
      />
      <CommunityNav />
      {actionData?.done ? (
        <div className="mb-4">
          <Notice tone="success">{actionData.done}</Notice>
        </div>
      ) : null}
      {programmes.length === 0 ? (
        <EmptyState title="No programme yet">
          {canEdit
            ? 'Add this year’s programme below, then its interns and milestone dates.'
            : 'The community manager adds programmes here.'}
        </EmptyState>
      ) : null}
      <div className="space-y-6">
        {programmes.map((p) => (
          <Card
            key={p.id}
            title={<span id={`programme-${p.id}`}>{p.name}</span>}
            actions={
              <span className="text-xs text-slate-500">
                {PROGRAMME_LABELS[p.kind]} · {p.year}
              </span>
            }
          >
            {p.notes ? <p className="mb-3 text-sm text-slate-600">{p.notes}</p> : null}
            <div className="grid gap-6 lg:grid-cols-3">
              <div className="lg:col-span-2">
                <h3 className="mb-2 text-sm font-semibold text-slate-700">Interns</h3>
                {p.interns.length === 0 ? (
                  <p className="text-sm text-slate-600">No intern yet.</p>
                ) : (
                  <ul className="divide-y divide-slate-100">
                    {p.interns.map((i) => (
                      <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                        <div>
                          <p className="font-medium text-slate-900">
                            {i.name}
                            {i.githubLogin ? <span className="font-normal text-slate-500"> @{i.githubLogin}</span> : null}
                          </p>
                          <p className="text-slate-600">{i.project}</p>
                          <p className="text-xs text-slate-500">
                            Mentors:{' '}
                            {i.mentors.length
                              ? i.mentors.map((m) => m.name + (m.githubLogin ? ` (@${m.githubLogin})` : '')).join(', ')
                              : 'none yet'}
                          </p>
                        </div>
                        <div className="flex items-center gap-2">
                          <span className={`rounded px-2 py-0.5 text-xs font-semibold ${STATUS_TONES[i.status]}`}>
                            {INTERN_STATUS_LABELS[i.status]}
                          </span>
                          {canEdit ? (
                            <Form method="post" className="flex items-center gap-1">
                              <input type="hidden" name="intent" value="status" />
                              <input type="hidden" name="internId" value={i.id} />
                              <label className="text-xs text-slate-500" htmlFor={`status-${i.id}`}>
                                <span className="sr-only">Status of {i.name}: </span>move to
                              </label>
                              <select
                                id={`status-${i.id}`}
                                name="status"
                                defaultValue={
                                  nextStatuses(i.status).find((s) => INTERN_STATUSES.indexOf(s) > INTERN_STATUSES.indexOf(i.status)) ??
                                  i.status
                                }
                                className="rounded-md border border-slate-300 px-2 py-1 text-xs"
                              >
                                {nextStatuses(i.status).map((s) => (
                                  <option key={s} value={s}>
                                    {INTERN_STATUS_LABELS[s]}
                                  </option>
                                ))}
                              </select>
                              <Button variant="secondary" className="px-2 py-1 text-xs" disabled={busy}>
                                Save
                              </Button>
                            </Form>
                          ) : null}
                        </div>
                      </li>
                    ))}
                  </ul>
                )}
                {canEdit ? (
                  <details
                    className="mt-3"
                    open={Boolean(
                      actionData?.intent === 'intern' && actionData.target === p.id && Object.keys(actionData.errors ?? {}).length,
                    )}
                  >
                    <summary className="cursor-pointer text-sm font-medium text-brand-700">Add an intern…</summary>
                    <Form method="post" className="mt-2 grid gap-3 sm:grid-cols-2">
                      <input type="hidden" name="intent" value="intern" />
                      <input type="hidden" name="programmeId" value={p.id} />
                      <Labelled id={`intern-name-${p.id}`} label="Name" errors={err('intern', p.id, 'name')}>
                        <input id={`intern-name-${p.id}`} name="name" className={input} />
                      </Labelled>
                      <Labelled id={`intern-login-${p.id}`} label="GitHub login (optional)" errors={err('intern', p.id, 'githubLogin')}>
                        <input id={`intern-login-${p.id}`} name="githubLogin" className={input} />
                      </Labelled>
                      <Labelled id={`intern-project-${p.id}`} label="Project" errors={err('intern', p.id, 'project')}>
                        <input id={`intern-project-${p.id}`} name="project" className={input} />
                      </Labelled>
                      <Labelled id={`intern-status-${p.id}`} label="Status" errors={err('intern', p.id, 'status')}>
                        <select id={`intern-status-${p.id}`} name="status" className={input} defaultValue="proposal">
                          {INTERN_STATUSES.map((s) => (
                            <option key={s} value={s}>
                              {INTERN_STATUS_LABELS[s]}
                            </option>
                          ))}
                        </select>
                      </Labelled>
                      <Labelled
                        id={`intern-mentors-${p.id}`}
                        label="Mentors (comma-separated, “Name (login)”)"
                        errors={err('intern', p.id, 'mentors')}
                      >
                        <input id={`intern-mentors-${p.id}`} name="mentors" className={input} />
                      </Labelled>
                      <div className="flex items-end">
                        <Button disabled={busy}>Add intern</Button>
                      </div>
                    </Form>
                  </details>
                ) : null}
              </div>
              <div>
                <h3 className="mb-2 text-sm font-semibold text-slate-700">Milestones</h3>
                {p.milestones.length === 0 ? (
                  <p className="text-sm text-slate-600">No dates yet.</p>
                ) : (
                  <ul className="space-y-1 text-sm">
                    {p.milestones.map((m) => {
                      const intern = p.interns.find((i) => i.id === m.internId)
                      const late = !m.completedAt && m.dueOn < today
                      return (
                        <li key={m.id} className="flex items-center justify-between gap-2">
                          <span className={m.completedAt ? 'text-slate-400 line-through' : late ? 'text-red-700' : ''}>
                            <span className="tabular-nums">{m.dueOn}</span> {m.title}
                            {intern ? ` (${intern.name})` : ''}
                          </span>
                          {canEdit ? (
                            <Form method="post">
                              <input type="hidden" name="intent" value={m.completedAt ? 'reopen' : 'complete'} />
                              <input type="hidden" name="milestoneId" value={m.id} />
                              <Button
                                variant="ghost"
                                className="px-2 py-0.5 text-xs"
                                disabled={busy}
                                aria-label={`${m.completedAt ? 'Reopen' : 'Mark done'}: ${m.title}`}
                              >
                                {m.completedAt ? 'Reopen' : 'Done'}
                              </Button>
                            </Form>
                          ) : null}
                        </li>
                      )
                    })}
                  </ul>
                )}
                {canEdit ? (
                  <details
                    className="mt-3"
                    open={Boolean(
                      actionData?.intent === 'milestone' && actionData.target === p.id && Object.keys(actionData.errors ?? {}).length,
                    )}
                  >
                    <summary className="cursor-pointer text-sm font-medium text-brand-700">Add a milestone…</summary>
                    <Form method="post" className="mt-2 space-y-2">
                      <input type="hidden" name="intent" value="milestone" />
                      <input type="hidden" name="programmeId" value={p.id} />
                      <Labelled id={`ms-title-${p.id}`} label="What happens" errors={err('milestone', p.id, 'title')}>
                        <input id={`ms-title-${p.id}`} name="title" placeholder="e.g. Midterm evaluation" className={input} />
                      </Labelled>
                      <Labelled id={`ms-due-${p.id}`} label="Date" errors={err('milestone', p.id, 'dueOn')}>
                        <input id={`ms-due-${p.id}`} type="date" name="dueOn" className={input} />
                      </Labelled>
                      <Labelled id={`ms-intern-${p.id}`} label="For" errors={err('milestone', p.id, 'internId')}>
                        <select id={`ms-intern-${p.id}`} name="internId" className={input} defaultValue="">
                          <option value="">The whole programme</option>
                          {p.interns.map((i) => (
                            <option key={i.id} value={i.id}>
                              {i.name}
                            </option>
                          ))}
                        </select>
                      </Labelled>
                      <Button disabled={busy}>Add milestone</Button>
                    </Form>
                  </details>
                ) : null}
              </div>
            </div>
          </Card>
        ))}
        {canEdit ? (
          <Card title="Add a programme">
            <Form method="post" className="grid max-w-3xl gap-3 sm:grid-cols-3">
              <input type="hidden" name="intent" value="programme" />
              <Labelled id="programme-kind" label="Programme" errors={err('programme', '', 'kind')}>
                <select id="programme-kind" name="kind" className={input} defaultValue="gsoc">
                  {PROGRAMME_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {PROGRAMME_LABELS[k]}
                    </option>
                  ))}
                </select>
              </Labelled>
              <Labelled id="programme-year" label="Year" errors={err('programme', '', 'year')}>
                <input id="programme-year" name="year" type="number" defaultValue={thisYear} className={input} />
              </Labelled>
              <Labelled id="programme-name" label="Name" errors={err('programme', '', 'name')}>
                <input id="programme-name" name="name" placeholder={`Google Summer of Code ${thisYear}`} className={input} />
              </Labelled>
              <div className="sm:col-span-3">
                <Button disabled={busy}>Add programme</Button>
              </div>
            </Form>
          </Card>
        ) : null}
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Internships · Community · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
