import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * An offline check of CloudFormation templates against the resource specification the AWS CDK maintains
 * (@aws-cdk/aws-service-spec: every CloudFormation and SAM resource type, property and property type, as a gzipped
 * JSON database). Each resource's type must exist, every property must be defined with a value of its type, and
 * required properties must be present. Intrinsic functions (`Ref`, `Fn::*`) stand for any value.
 */

type SpecType =
  | { type: 'string' | 'number' | 'integer' | 'boolean' | 'json' | 'date-time' | 'tag' | 'null'; allowedValues?: string[] }
  | { type: 'array' | 'map'; element: SpecType }
  | { type: 'ref'; reference: { $ref: string } }
  | { type: 'union'; types: SpecType[] };
interface SpecProperty {
  type: SpecType;
  required?: boolean;
}
interface SpecShape {
  properties: Record<string, SpecProperty>;
}
interface Spec {
  resources: Map<string, SpecShape>;
  types: Map<string, SpecShape & { name: string }>;
}

let cached: Spec | undefined;

function loadSpec(): Spec {
  if (cached !== undefined) return cached;
  const pkg = createRequire(import.meta.url).resolve('@aws-cdk/aws-service-spec/package.json');
  const db = JSON.parse(gunzipSync(readFileSync(join(dirname(pkg), 'db.json.gz'))).toString()) as {
    schema: {
      resource: { entities: Record<string, SpecShape & { cloudFormationType: string }> };
      typeDefinition: { entities: Record<string, SpecShape & { $id: string; name: string }> };
    };
  };
  const resources = new Map(Object.values(db.schema.resource.entities).map((r) => [r.cloudFormationType, r]));
  const types = new Map(Object.values(db.schema.typeDefinition.entities).map((t) => [t.$id, t]));
  cached = { resources, types };
  return cached;
}

/** The template's problems as `Resources.Id.Properties.Path: what is wrong`; empty when it conforms. */
export function checkTemplate(template: Record<string, unknown>): string[] {
  const spec = loadSpec();
  const problems: string[] = [];
  const resources = (template.Resources ?? {}) as Record<string, { Type?: unknown; Properties?: Record<string, unknown> }>;
  if (Object.keys(resources).length === 0) problems.push('Resources: empty');
  for (const [id, resource] of Object.entries(resources)) {
    const where = `Resources.${id}`;
    if (!/^[A-Za-z0-9]+$/.test(id)) problems.push(`${where}: logical id must be alphanumeric`);
    const shape = typeof resource.Type === 'string' ? spec.resources.get(resource.Type) : undefined;
    if (shape === undefined) {
      problems.push(`${where}.Type: unknown resource type ${String(resource.Type)}`);
      continue;
    }
    checkShape(spec, shape, resource.Properties ?? {}, `${where}.Properties`, problems);
  }
  return problems;
}

function checkShape(spec: Spec, shape: SpecShape, value: unknown, where: string, problems: string[]): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${where}: expected an object`);
    return;
  }
  const object = value as Record<string, unknown>;
  for (const [name, v] of Object.entries(object)) {
    const property = shape.properties[name];
    if (property === undefined) problems.push(`${where}.${name}: not a property AWS defines`);
    else checkValue(spec, property.type, v, `${where}.${name}`, problems);
  }
  for (const [name, property] of Object.entries(shape.properties)) {
    if (property.required === true && !(name in object)) problems.push(`${where}.${name}: required`);
  }
}

function isIntrinsic(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}

function checkValue(spec: Spec, type: SpecType, value: unknown, where: string, problems: string[]): void {
  if (isIntrinsic(value)) return;
  const fail = (what: string): void => void problems.push(`${where}: expected ${what}, got ${JSON.stringify(value)}`);
  switch (type.type) {
    case 'string':
    case 'date-time':
      if (typeof value !== 'string') fail('a string');
      else if (type.allowedValues !== undefined && !type.allowedValues.includes(value)) fail(`one of ${type.allowedValues.join(', ')}`);
      return;
    case 'number':
      if (typeof value !== 'number') fail('a number');
      return;
    case 'integer':
      if (!Number.isInteger(value)) fail('an integer');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail('a boolean');
      return;
    case 'json':
      if (value === undefined) fail('a JSON value');
      return;
    case 'null':
      if (value !== null) fail('null');
      return;
    case 'tag':
      if (typeof value !== 'object' || value === null || typeof (value as { Key?: unknown }).Key !== 'string') fail('a tag { Key, Value }');
      return;
    case 'array':
      if (!Array.isArray(value)) return fail('a list');
      value.forEach((v, i) => checkValue(spec, type.element, v, `${where}[${i}]`, problems));
      return;
    case 'map':
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('a map');
      for (const [k, v] of Object.entries(value)) checkValue(spec, type.element, v, `${where}.${k}`, problems);
      return;
    case 'ref': {
      const shape = spec.types.get(type.reference.$ref);
      if (shape === undefined) return fail(`property type #${type.reference.$ref} (missing from the spec)`);
      checkShape(spec, shape, value, where, problems);
      return;
    }
    case 'union': {
      // A value conforms when one member type accepts it.
      const attempts = type.types.map((t) => {
        const own: string[] = [];
        checkValue(spec, t, value, where, own);
        return own;
      });
      if (!attempts.some((a) => a.length === 0)) problems.push(...(attempts.sort((a, b) => a.length - b.length)[0] ?? [`${where}: matches no type`]));
      return;
    }
    default:
      problems.push(`${where}: the spec uses a type this checker does not know: ${JSON.stringify(type)}`);
  }
}
