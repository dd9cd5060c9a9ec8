/**
 * Request bodies checked against `openapi.yaml`: the schema of each operation's JSON body,
 * compiled once with ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1). A refusal names the
 * field by its JSON Pointer, and where the contract has a validation code for the field, carries
 * it in `fields` as the store's own refusals do.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidationCode } from 'contacts-elements/model.js';
import { parse } from 'yaml';

import spec from '../../../openapi.yaml';
import { HttpProblem } from './problem.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The copy of a schema ajv compiles: component references point into `$defs`, and an object
 * schema that lists its properties but says nothing of others is closed
 * (`additionalProperties: false`), so an unknown field is refused instead of silently dropped.
 */
function prepare(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(prepare);
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] =
      key === '$ref' && typeof value === 'string'
        ? value.replace('#/components/schemas/', '#/$defs/')
        : // `properties` maps names to schemas: prepare each, never read the map as a schema.
          key === 'properties' && isObject(value)
          ? Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, prepare(sub)]))
          : prepare(value);
  }
  if (out.type === 'object' && isObject(out.properties) && !('additionalProperties' in out)) {
    out.additionalProperties = false;
  }
  return out;
}

/** A validation code of the contract for a top-level field refused by the schema, if any. */
function fieldCode(field: string, keyword: string): ValidationCode | undefined {
  switch (field) {
    case 'name':
      return keyword === 'maxLength'
        ? 'name-too-long'
        : keyword === 'required' || keyword === 'minLength'
          ? 'name-required'
          : undefined;
    case 'email':
      return 'invalid-email';
    case 'phone':
      return 'invalid-phone';
    case 'domain':
      return 'invalid-domain';
    default:
      return undefined;
  }
}

/** The JSON Pointer of the member an ajv error is about (the missing or unknown one included). */
function pointerOf(error: ErrorObject): string {
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  const member = params.missingProperty ?? params.additionalProperty;
  return member === undefined ? error.instancePath : `${error.instancePath}/${escape(member)}`;
}

const escape = (member: string) => member.replaceAll('~', '~0').replaceAll('/', '~1');

function describe(error: ErrorObject, pointer: string): string {
  const where = pointer || 'The body';
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where} is not a known field.`;
    case 'required':
      return `${where} is required.`;
    default:
      return `${where} ${error.message ?? 'is invalid'}.`;
  }
}

/** The refusal for a body that fails its schema: 422, naming the first refused field. */
function refusal(errors: readonly ErrorObject[]): HttpProblem {
  // `anyOf` only repeats what its branches said; the branches name the member.
  const specific = errors.filter(error => error.keyword !== 'anyOf');
  const first = specific[0] ?? errors[0];
  if (!first) return new HttpProblem(422, 'validation', 'The body is invalid.');
  const pointer = pointerOf(first);
  const [, top, ...deeper] = pointer.split('/');
  const code = top !== undefined && deeper.length === 0 ? fieldCode(top, first.keyword) : undefined;
  // `path` is the contract's name for the refused member's JSON Pointer.
  const extra: Record<string, unknown> = { path: pointer };
  if (code && top) extra.fields = { [top]: code };
  return new HttpProblem(422, 'validation', describe(first, pointer), extra);
}

export interface BodyValidator {
  /** Throws a 422 `HttpProblem` unless `body` is valid for the operation. */
  check(operationId: string, body: unknown): void;
  /** The operations that take a JSON body. */
  readonly operations: readonly string[];
}

/** Compiles the request body schema of every operation of `openapi.yaml`. */
export function createBodyValidator(source: string = spec): BodyValidator {
  const document = parse(source) as JsonObject;
  const components = isObject(document.components) ? document.components : {};
  const defs = isObject(components.schemas) ? prepare(components.schemas) : {};
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);

  const validators = new Map<string, ValidateFunction>();
  const paths = isObject(document.paths) ? document.paths : {};
  for (const item of Object.values(paths)) {
    if (!isObject(item)) continue;
    for (const operation of Object.values(item)) {
      if (!isObject(operation) || typeof operation.operationId !== 'string') continue;
      const body = operation.requestBody;
      const content = isObject(body) && isObject(body.content) ? body.content : undefined;
      const media = content && content['application/json'];
      if (!isObject(media) || media.schema === undefined) continue;
      const schema = prepare(media.schema);
      validators.set(
        operation.operationId,
        ajv.compile({
          $id: `openapi:${operation.operationId}`,
          $defs: defs,
          ...(schema as object),
        }),
      );
    }
  }

  return {
    operations: [...validators.keys()],
    check(operationId, body) {
      const validate = validators.get(operationId);
      if (!validate) throw new Error(`openapi.yaml has no JSON body for ${operationId}.`);
      if (!validate(body)) throw refusal(validate.errors ?? []);
    },
  };
}
