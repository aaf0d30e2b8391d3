/**
 * The leaf columns of a Parquet schema, with what decoding and encoding need to know about each:
 * its path, its exact source element, and its Dremel levels. Built from the footer's flat
 * `SchemaElement[]` (depth-first, `num_children` per group), which it also validates.
 */
import type { SchemaElement } from 'hyparquet';

export interface LeafColumn {
  /** Position among the leaves = index of its chunk in every row group. */
  readonly index: number;
  /** `path_in_schema`: names from the top-level field down to this leaf. */
  readonly path: readonly string[];
  /** The path joined with `.`, for messages and `--time-field`. */
  readonly dotted: string;
  /** The leaf's element exactly as in the source footer. */
  readonly element: SchemaElement;
  /** Elements from the root (index 0) down to the leaf. */
  readonly schemaPath: readonly SchemaElement[];
  readonly maxDefinitionLevel: number;
  readonly maxRepetitionLevel: number;
}

/** Thrown by {@link leafColumns} for a schema whose tree does not add up. */
export class SchemaShapeError extends Error {
  override readonly name = 'SchemaShapeError';
}

/** Every leaf in schema order. Throws {@link SchemaShapeError} if the flat list is not one well-formed tree. */
export function leafColumns(schema: readonly SchemaElement[]): LeafColumn[] {
  const root = schema[0];
  if (root === undefined) throw new SchemaShapeError('the schema is empty');
  if (root.type !== undefined || !(root.num_children !== undefined && root.num_children > 0)) {
    throw new SchemaShapeError('the schema root is not a group with children');
  }
  const leaves: LeafColumn[] = [];
  let next = 1;
  const visit = (ancestors: readonly SchemaElement[], path: readonly string[], def: number, rep: number): void => {
    const element = schema[next];
    if (element === undefined) throw new SchemaShapeError(`the schema ends inside ${path.join('.') || 'the root'}`);
    next += 1;
    if (typeof element.name !== 'string') throw new SchemaShapeError(`schema element ${next - 1} has no name`);
    const here = [...path, element.name];
    const chain = [...ancestors, element];
    const repetition = element.repetition_type;
    if (repetition === undefined) throw new SchemaShapeError(`${here.join('.')} has no repetition type`);
    const d = repetition === 'REQUIRED' ? def : def + 1;
    const r = repetition === 'REPEATED' ? rep + 1 : rep;
    const children = element.num_children ?? 0;
    if (children === 0) {
      if (element.type === undefined) throw new SchemaShapeError(`${here.join('.')} is neither a group with children nor a typed leaf`);
      if (element.type === 'FIXED_LEN_BYTE_ARRAY' && !(element.type_length !== undefined && element.type_length > 0)) {
        throw new SchemaShapeError(`${here.join('.')} is FIXED_LEN_BYTE_ARRAY without a length`);
      }
      leaves.push({ index: leaves.length, path: here, dotted: here.join('.'), element, schemaPath: chain, maxDefinitionLevel: d, maxRepetitionLevel: r });
      return;
    }
    if (element.type !== undefined) throw new SchemaShapeError(`${here.join('.')} has both a type and children`);
    for (let i = 0; i < children; i++) visit(chain, here, d, r);
  };
  for (let i = 0; i < root.num_children; i++) visit([root], [], 0, 0);
  if (next !== schema.length) throw new SchemaShapeError(`the schema has ${schema.length - next} elements outside the tree`);
  return leaves;
}
