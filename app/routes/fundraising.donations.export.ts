import { exportDonationsCsv } from '#app/domain/fundraising/donation-export.server.ts'
import { filtersFromSearch } from '#app/domain/fundraising/schemas.ts'
import { requireRole } from '#app/utils/session.server.ts'
import type { Route } from './+types/fundraising.donations.export'

// Individual donations with donor names: fundraising and admin only.
export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, 'fundraising')
  const csv = await exportDonationsCsv(filtersFromSearch(new URL(request.url).searchParams))
  const day = new Date().toISOString().slice(0, 10)
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="donations-${day}.csv"`,
      'Cache-Control': 'no-store',
    },
  })
}
