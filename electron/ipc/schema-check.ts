/**
 * Schemas as the one source of a device API shape: TypeBox builds a plain JSON
 * Schema whose static type TypeScript derives (`Static<typeof X>`), and ajv
 * compiles the very same object into the runtime check. A problem names the
 * field, in words a technician can act on when the schema carries a
 * `description` ("printer.host must be a host name or IP address").
 * Runtime-free: TypeBox and ajv run in Node and in the browser alike.
 */
import { Type, type Static, type TObject, type TSchema, type TUnion, type TUnsafe } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/** The outcome of checking one value against its schema. */
export type SchemaCheck<T> = { ok: true; value: T } | { ok: false; problem: string };

// verbose: errors carry their schema, so a problem can use its `description`.
// discriminator: a tagged union reports the problem of the branch its tag names.
const ajv = new Ajv({ allErrors: false, strict: false, discriminator: true, verbose: true });

/** A string that is one of `values`; typed as their union. */
export function stringEnum<const T extends readonly string[]>(
  values: T,
  options: { description?: string } = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/**
 * One of several object shapes told apart by the string constant in `tag`
 * (`{kind: 'network', …} | {kind: 'none'}`). JSON Schema `oneOf` with ajv's
 * `discriminator`, so a wrong field is reported for the branch the tag names,
 * not once per branch.
 */
export function taggedUnion<const T extends readonly TObject[]>(
  tag: string,
  branches: T,
  options: { description?: string } = {},
): TUnsafe<Static<TUnion<[...T]>>> {
  return Type.Unsafe<Static<TUnion<[...T]>>>({
    type: 'object',
    oneOf: [...branches],
    discriminator: { propertyName: tag },
    ...options,
  });
}

function fieldPath(root: string, instancePath: string): string {
  return (
    root +
    instancePath
      .split('/')
      .slice(1)
      .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part.replace(/~1/g, '/').replace(/~0/g, '~')}`))
      .join('')
  );
}

function tagValues(schema: unknown, tag: string): string[] {
  const branches = (schema as { oneOf?: { properties?: Record<string, { const?: unknown }> }[] }).oneOf ?? [];
  return branches.map((branch) => String(branch.properties?.[tag]?.const));
}

/** One ajv error in a technician's words, naming the field from `root`. */
export function describeSchemaError(error: ErrorObject | undefined, root: string): string {
  if (!error) return `${root} is invalid`;
  const path = fieldPath(root, error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${path} has unknown field "${String(params.additionalProperty)}"`;
    case 'required':
      return `${path}.${String(params.missingProperty)} is missing`;
    case 'discriminator':
      return `${path}.${String(params.tag)} must be one of ${tagValues(error.parentSchema, String(params.tag)).join(', ')}`;
  }
  const description = (error.parentSchema as { description?: unknown } | undefined)?.description;
  if (typeof description === 'string') return `${path} must be ${description}`;
  if (error.keyword === 'enum') return `${path} must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
  return `${path} ${error.message ?? 'is invalid'}`;
}

/** The runtime check of a schema, compiled on first use; problems name fields from `root` ("request", "printer"). */
export function schemaCheck<S extends TSchema>(schema: S, root: string): (value: unknown) => SchemaCheck<Static<S>> {
  let validate: ValidateFunction | undefined;
  return (value) => {
    validate ??= ajv.compile(schema);
    if (validate(value)) return { ok: true, value: value as Static<S> };
    return { ok: false, problem: describeSchemaError(validate.errors?.[0], root) };
  };
}
