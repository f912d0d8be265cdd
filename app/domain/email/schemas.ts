import { z } from 'zod'

export const TestEmailSchema = z.object({
  to: z.email({ message: 'Enter an e-mail address, like you@example.org' }),
})

export const RetryEmailSchema = z.object({ id: z.uuid({ message: 'No such message' }) })
