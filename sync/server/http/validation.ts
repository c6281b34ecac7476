/**
 * Validator compilers. Fastify's default Ajv silently *removes* properties a schema
 * does not allow and coerces types; for bodies that would turn "unknown field" and
 * "wrong type" into silent data changes. Bodies are therefore validated strictly;
 * only the query string and path params (always strings on the wire) are coerced.
 */
import { Ajv } from 'ajv';
import type { FastifyInstance } from 'fastify';

export function installValidators(app: FastifyInstance): void {
  const strict = new Ajv({
    allErrors: true,
    strict: true,
    coerceTypes: false,
    removeAdditional: false,
    useDefaults: false,
  });
  const coercing = new Ajv({
    allErrors: true,
    strict: true,
    coerceTypes: true,
    removeAdditional: false,
    useDefaults: true,
  });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema as object),
  );
}
