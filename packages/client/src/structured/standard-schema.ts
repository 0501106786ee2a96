import { SluiceError } from '../errors/sluice-error.js'

/**
 * The Standard Schema interface (https://standardschema.dev), which zod, valibot, arktype and
 * others implement: a final JSON value can be validated with any of them, without the client
 * depending on one. Only the part the client uses is declared here.
 */
export interface StandardSchemaV1<Output = unknown> {
  readonly '~standard': {
    readonly version: 1
    readonly vendor: string
    readonly validate: (
      value: unknown,
    ) => StandardSchemaResult<Output> | Promise<StandardSchemaResult<Output>>
  }
}

export type StandardSchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: readonly StandardSchemaIssue[] }

export interface StandardSchemaIssue {
  readonly message: string
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined
}

/** The value the schema makes of `value`; `value` itself without a schema. */
export async function validateWith(
  schema: StandardSchemaV1 | undefined,
  value: unknown,
): Promise<unknown> {
  if (!schema) return value
  const result = await schema['~standard'].validate(value)
  if (!result.issues) return result.value
  const summary = result.issues
    .slice(0, 5)
    .map((issue) => `${pathOf(issue) || 'value'}: ${issue.message}`)
    .join('; ')
  throw new SluiceError(
    'schema-mismatch',
    `The JSON response does not match its schema: ${summary}`,
  )
}

function pathOf(issue: StandardSchemaIssue): string {
  return (issue.path ?? [])
    .map((step) => String(typeof step === 'object' ? step.key : step))
    .join('.')
}
