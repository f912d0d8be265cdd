import { expect, signInAs, test } from './fixtures.ts'

const shot = (name: string) => ({ path: `test-results/e2e/screens/${name}.png`, fullPage: true })

test('the fundraising lead moves a sponsor through the pipeline by keyboard on a phone-sized screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await signInAs(page, 'fundraising')
  await page.goto('/fundraising/sponsors')
  // The demo pipeline: Anode Systems has been contacted, Cathode Research Institute has committed.
  const stages = page.getByRole('navigation', { name: 'Pipeline stages' })
  await expect(stages.getByRole('link')).toHaveText([
    'Prospect 0',
    'Contacted 1',
    'Proposal 0',
    'Committed 1',
    'Active 2',
    'Renewal due 1',
    'Lapsed 1',
  ])
  await page.screenshot(shot('fundraising-pipeline-phone'))

  // Contacted → Proposal, with a note, by keyboard: the next stage is preselected.
  const move = page.getByRole('form', { name: 'Move Anode Systems to another stage' })
  await expect(move.getByLabel('Move to')).toHaveValue('proposal')
  await move.getByLabel('Note (optional)').focus()
  await page.keyboard.type('Sent the Silver proposal')
  await page.keyboard.press('Enter')
  await expect(page.getByText('Stage changed.')).toBeVisible()
  await expect(stages.getByRole('link')).toHaveText([
    'Prospect 0',
    'Contacted 0',
    'Proposal 1',
    'Committed 1',
    'Active 2',
    'Renewal due 1',
    'Lapsed 1',
  ])
  const proposal = page.getByRole('region', { name: /^Proposal/ })
  await expect(proposal.getByText('Anode Systems')).toBeVisible()

  // Proposal → Active, chosen with the keyboard in the list.
  const again = page.getByRole('form', { name: 'Move Anode Systems to another stage' })
  await again.getByLabel('Move to').selectOption('active')
  await again.getByRole('button', { name: 'Move' }).focus()
  await page.keyboard.press('Enter')
  await expect(stages.getByRole('link')).toHaveText([
    'Prospect 0',
    'Contacted 0',
    'Proposal 0',
    'Committed 1',
    'Active 3',
    'Renewal due 1',
    'Lapsed 1',
  ])

  // The history: who, when, from → to and the note.
  const active = page.getByRole('region', { name: /^Active/ })
  const card = active
    .locator('section')
    .filter({ has: page.getByRole('heading', { name: /^Anode Systems/ }) })
    .last()
  await card.getByText('Stage history (4)').click()
  await expect(card.getByText(/Proposal → Active/)).toBeVisible()
  await expect(card.getByText(/Contacted → Proposal/)).toBeVisible()
  await expect(card.getByText('Sent the Silver proposal')).toBeVisible()
  await page.screenshot(shot('fundraising-pipeline-moved'))
})

test('the conference page converts pledges, names the one without a rate, records a new one and shows the campaign', async ({ page }) => {
  await signInAs(page, 'fundraising')
  await page.goto('/fundraising/conference')
  await expect(page.getByRole('progressbar', { name: 'Pledged' })).toBeVisible()
  const campaign = page.getByRole('region', { name: 'Conference campaign' })
  await expect(campaign.getByRole('link', { name: /^Annual conference/ })).toBeVisible()
  await expect(campaign.getByText(/\d+ posts?, \d+ published/)).toBeVisible()
  // The CHF pledge has no rate: named, not counted.
  await expect(page.getByText(/Swiss Battery Forum: CHF\s?1,500\.00 pledged on .* has no CHF rate/)).toBeVisible()
  await expect(page.getByRole('cell', { name: '€4,000.00' })).toBeVisible()
  await page.screenshot(shot('fundraising-conference-pledges'))

  const form = page.getByRole('form', { name: 'Record a pledge' })
  await form.getByLabel('From').fill('Anode Systems')
  await form.getByLabel('Currency').fill('GBP')
  await form.getByLabel('Amount pledged').fill('1000')
  await form.getByLabel('Pledged on').fill(new Date().toISOString().slice(0, 10))
  await form.getByRole('button', { name: 'Add pledge' }).click()
  await expect(page.getByText('Pledge recorded.')).toBeVisible()
  // GBP has a demo rate of 1.27: £1,000.00 is $1,270.00.
  const row = page.getByRole('row').filter({ hasText: 'Anode Systems' })
  await expect(row.getByRole('cell', { name: '£1,000.00' })).toBeVisible()
  await expect(row.getByText('$1,270.00')).toBeVisible()

  // The campaign shows the budget's progress.
  await page.goto('/communications/campaigns')
  await expect(page.getByText(/^Funding \(PyBaMM conference \d+\):/)).toBeVisible()
})
