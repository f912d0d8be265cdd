import { z } from 'zod'
import { ROLES } from '#app/domain/accounts/vocabulary.ts'

export const RoleSchema = z.enum(ROLES)

export const EmailSchema = z
  .string({ message: 'Enter an email address' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Enter a valid email address, like ada@example.org' }))

export const PasswordSchema = z
  .string({ message: 'Enter a password' })
  .min(10, 'Use at least 10 characters')
  .max(200, 'Use at most 200 characters')

export const NameSchema = z.string({ message: 'Enter a name' }).trim().min(1, 'Enter a name').max(120, 'Use at most 120 characters')

export const RolesSchema = z
  .array(RoleSchema, { message: 'Choose at least one role' })
  .min(1, 'Choose at least one role')
  .transform((roles) => [...new Set(roles)])

export const LoginSchema = z.object({
  email: EmailSchema,
  password: z.string({ message: 'Enter your password' }).min(1, 'Enter your password'),
  redirectTo: z.string().optional(),
})

const confirmed = <T extends { password: string; confirmPassword: string }>(value: T, ctx: z.RefinementCtx) => {
  if (value.password !== value.confirmPassword) {
    ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'The passwords do not match' })
  }
}

export const SetupSchema = z
  .object({
    // asked only of a visitor from another machine (checked by setUpSteward)
    setupCode: z.string().trim().max(40, 'The setup code has 16 characters').optional(),
    name: NameSchema,
    email: EmailSchema,
    password: PasswordSchema,
    confirmPassword: z.string({ message: 'Repeat the password' }),
  })
  .superRefine(confirmed)

export const AcceptInvitationSchema = z
  .object({ password: PasswordSchema, confirmPassword: z.string({ message: 'Repeat the password' }) })
  .superRefine(confirmed)

export const NewUserSchema = z.object({ name: NameSchema, email: EmailSchema, roles: RolesSchema })

export const UpdateRolesSchema = z.object({ roles: RolesSchema })

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ message: 'Enter your current password' }).min(1, 'Enter your current password'),
    password: PasswordSchema,
    confirmPassword: z.string({ message: 'Repeat the password' }),
  })
  .superRefine(confirmed)

export const ProfileSchema = z.object({ name: NameSchema })

export const ForgotPasswordSchema = z.object({ email: EmailSchema })

/** The new password behind a reset link: the same rules as everywhere else. */
export const ResetPasswordSchema = z
  .object({ password: PasswordSchema, confirmPassword: z.string({ message: 'Repeat the password' }) })
  .superRefine(confirmed)
