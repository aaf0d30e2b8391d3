/**
 * `--catalog none|glue:DB.TABLE|athena:DB.TABLE` (PURE). Names are checked here, once, so that
 * every later use (Glue API parameters, Athena DDL) can rely on them.
 */
import { UsageError } from '../errors.js';

export type CatalogSpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'glue' | 'athena'; readonly database: string; readonly table: string };

/**
 * Glue allows letters, digits, `_` and `-` in database and table names (it stores them
 * lower-case); nothing that could end a quoted identifier in Athena DDL gets through.
 */
const NAME = /^[A-Za-z0-9_-]{1,255}$/;

export function parseCatalogSpec(text: string): CatalogSpec {
  if (text === 'none') return { kind: 'none' };
  const match = /^(glue|athena):([^.]*)\.(.*)$/.exec(text);
  if (match === null) {
    throw new UsageError(`Expected --catalog none, glue:DATABASE.TABLE or athena:DATABASE.TABLE, got ${JSON.stringify(text)}`, {
      option: '--catalog',
      hint: 'For example --catalog glue:logs.app_events',
    });
  }
  const [, kind, database, table] = match as unknown as [string, 'glue' | 'athena', string, string];
  for (const [what, name] of [['database', database], ['table', table]] as const) {
    if (!NAME.test(name)) {
      throw new UsageError(`--catalog ${kind}: the ${what} name ${JSON.stringify(name)} is not a Glue name (letters, digits, "_" and "-")`, { option: '--catalog' });
    }
  }
  // Glue keeps names lower-case; asking for `Logs.App` means `logs.app`.
  return { kind, database: database.toLowerCase(), table: table.toLowerCase() };
}

export function describeCatalog(spec: CatalogSpec): string {
  return spec.kind === 'none' ? 'none' : `${spec.kind}:${spec.database}.${spec.table}`;
}
