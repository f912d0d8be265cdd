import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes, useId } from 'react'

const inputClass =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-brand-500 aria-[invalid=true]:border-red-500'

export function FieldErrors({ id, errors }: { id: string; errors?: string[] | null }) {
  if (!errors?.length) return null
  return (
    <ul id={id} className="mt-1 space-y-0.5 text-sm text-red-700">
      {errors.map((error) => (
        <li key={error}>{error}</li>
      ))}
    </ul>
  )
}

interface FieldShell {
  label: ReactNode
  errors?: string[] | null
  help?: ReactNode
  className?: string
}

function useFieldIds(givenId?: string) {
  const generated = useId()
  const id = givenId ?? generated
  return { id, errorId: `${id}-error`, helpId: `${id}-help` }
}

function describedBy(errors: string[] | null | undefined, help: ReactNode, errorId: string, helpId: string) {
  return [errors?.length ? errorId : null, help ? helpId : null].filter(Boolean).join(' ') || undefined
}

/** A labelled input with its errors right below it. */
export function Field({
  label,
  errors,
  help,
  className = '',
  inputProps,
}: FieldShell & { inputProps: InputHTMLAttributes<HTMLInputElement> & { key?: string } }) {
  const { key, ...props } = inputProps
  const { id, errorId, helpId } = useFieldIds(props.id)
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {help ? (
        <p id={helpId} className="text-xs text-slate-500">
          {help}
        </p>
      ) : null}
      <input
        key={key}
        {...props}
        id={id}
        className={`mt-1 ${inputClass}`}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(errors, help, errorId, helpId)}
      />
      <FieldErrors id={errorId} errors={errors} />
    </div>
  )
}

export function TextareaField({
  label,
  errors,
  help,
  className = '',
  textareaProps,
}: FieldShell & { textareaProps: TextareaHTMLAttributes<HTMLTextAreaElement> & { key?: string } }) {
  const { key, ...props } = textareaProps
  const { id, errorId, helpId } = useFieldIds(props.id)
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {help ? (
        <p id={helpId} className="text-xs text-slate-500">
          {help}
        </p>
      ) : null}
      <textarea
        key={key}
        {...props}
        id={id}
        className={`mt-1 ${inputClass}`}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(errors, help, errorId, helpId)}
      />
      <FieldErrors id={errorId} errors={errors} />
    </div>
  )
}

export function SelectField({
  label,
  errors,
  help,
  className = '',
  selectProps,
  options,
}: FieldShell & { selectProps: SelectHTMLAttributes<HTMLSelectElement> & { key?: string }; options: { value: string; label: string }[] }) {
  const { key, ...props } = selectProps
  const { id, errorId, helpId } = useFieldIds(props.id)
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {help ? (
        <p id={helpId} className="text-xs text-slate-500">
          {help}
        </p>
      ) : null}
      <select
        key={key}
        {...props}
        id={id}
        className={`mt-1 ${inputClass}`}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(errors, help, errorId, helpId)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldErrors id={errorId} errors={errors} />
    </div>
  )
}

/** A group of checkboxes sharing one name, with a legend and errors. */
export function CheckboxGroup({
  legend,
  name,
  options,
  defaultValue = [],
  errors,
  help,
}: {
  legend: ReactNode
  name: string
  options: { value: string; label: string; description?: string }[]
  defaultValue?: string[]
  errors?: string[] | null
  help?: ReactNode
}) {
  const { id, errorId, helpId } = useFieldIds()
  return (
    <fieldset aria-describedby={describedBy(errors, help, errorId, helpId)} aria-invalid={errors?.length ? true : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      {help ? (
        <p id={helpId} className="text-xs text-slate-500">
          {help}
        </p>
      ) : null}
      <div className="mt-2 space-y-2">
        {options.map((option) => (
          <label key={option.value} htmlFor={`${id}-${option.value}`} className="flex items-start gap-2 text-sm">
            <input
              id={`${id}-${option.value}`}
              type="checkbox"
              name={name}
              value={option.value}
              defaultChecked={defaultValue.includes(option.value)}
              className="mt-0.5 h-4 w-4 rounded border-slate-300"
            />
            <span>
              <span className="font-medium">{option.label}</span>
              {option.description ? <span className="block text-xs text-slate-500">{option.description}</span> : null}
            </span>
          </label>
        ))}
      </div>
      <FieldErrors id={errorId} errors={errors} />
    </fieldset>
  )
}

export function FormErrors({ errors }: { errors?: string[] | null }) {
  if (!errors?.length) return null
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      {errors.map((error) => (
        <p key={error}>{error}</p>
      ))}
    </div>
  )
}
