// The column mapping of the generic CSV importer (e.g. a NumFOCUS statement), checked with zod.
// Browser-safe: the import page validates a mapping with it before sending the file.
import { z } from 'zod'
import { DONATION_SOURCES } from './formats.ts'

const column = z.string().trim().max(200).nullish()

export const GenericMappingSchema = z
  .object({
    source: z.enum(DONATION_SOURCES).default('numfocus'),
    date: z.string({ message: 'say which column holds the date' }).trim().min(1, 'say which column holds the date'),
    dateFormat: z.string().trim().min(1).default('iso'),
    amount: z.string({ message: 'say which column holds the amount' }).trim().min(1, 'say which column holds the amount'),
    currencyColumn: column,
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, 'a three-letter ISO code such as USD')
      .nullish(),
    fees: column,
    externalId: column,
    donorName: column,
    donorEmail: column,
    recurring: column,
    description: column,
    decimalComma: z.boolean().optional(),
  })
  .refine((m) => m.currencyColumn || m.currency, { message: 'give a currency column or a fixed currency', path: ['currency'] })
