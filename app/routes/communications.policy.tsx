import { data, Link, useLoaderData } from 'react-router'
import { getPolicyPage } from '#app/domain/communications/pages.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ButtonLink } from '#app/components/ui/button.tsx'
import { Card, EmptyState, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { useDates } from '#app/utils/dates.tsx'
import { requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/communications.policy'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const versionParam = new URL(request.url).searchParams.get('version')
  const page = await getPolicyPage({ user, version: versionParam ? Number(versionParam) : undefined })
  if (!page) throw data({ message: `There is no version ${versionParam} of the policy.` }, { status: 404 })
  return page
}

export default function PolicyRoute() {
  const { policy, history, timeZone, canEdit } = useLoaderData<typeof loader>()
  const dates = useDates(timeZone)
  return (
    <>
      <PageHeader
        title="Communication policy"
        description="What we post, where, how often and in which voice. Every change is a new version."
        actions={
          canEdit ? <ButtonLink to="/communications/policy/edit">{policy ? 'Edit the policy' : 'Write the policy'}</ButtonLink> : null
        }
      />
      {!policy ? (
        <EmptyState title="No policy yet">Write down the channels, the cadence and the tone the project agreed on.</EmptyState>
      ) : (
        <div className="grid gap-6 lg:grid-cols-3">
          <Card className="lg:col-span-2">
            {policy.version !== policy.latestVersion ? (
              <div className="mb-4">
                <Notice tone="warning">
                  You are reading version {policy.version}, not the current one.{' '}
                  <Link className="underline" to="/communications/policy">
                    Read the current version
                  </Link>
                </Notice>
              </div>
            ) : null}
            <article
              className="prose-policy space-y-3 text-sm leading-6 [&_a]:text-brand-700 [&_a]:underline [&_h1]:text-xl [&_h1]:font-semibold [&_h2]:mt-4 [&_h2]:text-lg [&_h2]:font-semibold [&_h3]:font-semibold [&_ol]:list-decimal [&_ol]:pl-6 [&_ul]:list-disc [&_ul]:pl-6"
              dangerouslySetInnerHTML={{ __html: policy.html }}
            />
            <p className="mt-6 text-xs text-slate-500">
              Version {policy.version}, by {policy.authorName ?? 'unknown'}, {dates.dateTime(policy.createdAt)}.
            </p>
          </Card>
          <Card title="History">
            <ol className="space-y-3 text-sm">
              {history.map((v) => (
                <li key={v.version}>
                  <Link className="font-medium text-brand-700 underline" to={`?version=${v.version}`}>
                    Version {v.version}
                  </Link>
                  {v.version === policy.latestVersion ? ' (current)' : ''}
                  <p className="text-xs text-slate-500">
                    {v.authorName ?? 'unknown'} · {dates.dateTime(v.createdAt)}
                  </p>
                  {v.note ? <p className="text-slate-700">{v.note}</p> : null}
                </li>
              ))}
            </ol>
          </Card>
        </div>
      )}
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Policy · Communications · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
