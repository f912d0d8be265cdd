// Who answers on the forum (ADR 031): per forum, the topics' first replies by maintainers against
// the community's, beside the forum's response times on /community.
import { Stat } from '#app/components/ui/stat.tsx'

export function ForumRepliersStats({
  forums,
  definition,
  scope,
}: {
  forums: Array<{ sourceId: string; name: string; replied: number; byMaintainers: number }>
  definition: string
  scope: string
}) {
  return forums.map((f) => (
    <Stat
      key={f.sourceId}
      label={forums.length > 1 ? `First replies by maintainers: ${f.name}` : 'First replies by maintainers'}
      value={`${f.byMaintainers} of ${f.replied}`}
      detail={`${Math.round((100 * f.byMaintainers) / f.replied)} % · ${f.replied - f.byMaintainers} by the community`}
      definition={definition}
      scope={`${scope} · forum ${f.name}`}
    />
  ))
}
