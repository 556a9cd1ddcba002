import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Schema = Record<string, unknown>;
type Content = Record<string, { schema?: Schema }>;
type Operation = { responses?: Record<string, { content?: Content }> };
export type OpenApiDocument = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

/** Every `$ref` to a component, pointed at the one schema that holds them all. */
const withRefsTo = (base: string, value: unknown): unknown => {
  if (Array.isArray(value)) return value.map((item) => withRefsTo(base, item));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) =>
      key === '$ref' && typeof inner === 'string'
        ? [key, inner.replace('#/components/schemas/', `${base}#/definitions/`)]
        : [key, withRefsTo(base, inner)],
    ),
  );
};

/**
 * A component that names its properties and says nothing of others is taken
 * as complete: a property it does not name fails, so a field the API adds
 * without documenting it is caught. `open` names the ones documented as a
 * core only (a case's later sections appear as its steps are completed).
 */
const closed = (schemas: Record<string, Schema>, open: readonly string[]): Record<string, Schema> =>
  Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => [
      name,
      schema.properties && !('additionalProperties' in schema) && !open.includes(name)
        ? { ...schema, additionalProperties: false }
        : schema,
    ]),
  );

const mismatches = (errors: readonly ErrorObject[] | null | undefined): string =>
  (errors ?? []).map((e) => `  ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`).join('\n');

/**
 * Checks answers against the schema the served OpenAPI document declares for
 * their operation, status and media type, its `$ref`s resolved against the
 * document's components: what the web's generated types and every client
 * read is then what the API answers.
 */
export const responseContract = (document: OpenApiDocument, { open = [] as readonly string[] } = {}) => {
  // OpenAPI 3.0 adds words to JSON Schema (nullable is Ajv's own); these only annotate.
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  addFormats.default(ajv);
  ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);
  const components = 'openapi-components';
  ajv.addSchema({
    $id: components,
    definitions: withRefsTo(components, closed(document.components?.schemas ?? {}, open)),
  });
  const compiled = new Map<string, ValidateFunction>();
  const checked = new Set<string>();

  const schemaOf = (method: string, path: string, status: number, mediaType: string): Schema => {
    const operation = document.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`The document has no operation ${method} ${path}`);
    const schema = operation.responses?.[String(status)]?.content?.[mediaType]?.schema;
    if (!schema) throw new Error(`${method} ${path} documents no ${mediaType} schema for ${status}`);
    return schema;
  };

  return {
    /**
     * Throws, naming each mismatch, unless `body` is what the document says
     * `method path` (its template, e.g. `/api/v1/complaints/{id}`) answers
     * with `status` in `mediaType`.
     */
    check(method: string, path: string, status: number, body: unknown, mediaType = 'application/json'): void {
      const key = `${method.toUpperCase()} ${path} ${status} ${mediaType}`;
      let validate = compiled.get(key);
      if (!validate) {
        validate = ajv.compile(withRefsTo(components, schemaOf(method, path, status, mediaType)) as Schema);
        compiled.set(key, validate);
      }
      if (!validate(body)) {
        throw new Error(
          `${key}: the answer is not what the document declares\n${mismatches(validate.errors)}\n` +
            JSON.stringify(body, null, 2).slice(0, 2000),
        );
      }
      checked.add(`${method.toUpperCase()} ${path}`);
    },
    document,
    /** The operations (`METHOD path`) an answer was checked for so far. */
    checked: (): ReadonlySet<string> => checked,
  };
};
