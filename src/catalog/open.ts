/** `--catalog` settings → a Catalog. `none` needs the run's new partitions, so runs build it themselves. */
import type { Layout } from '../layout/types.js';
import { AthenaCatalog } from './athena.js';
import { createAthenaClient, createGlueClient } from './awsClients.js';
import type { CatalogClientSettings } from './awsClients.js';
import { GlueCatalog } from './glue.js';
import type { CatalogSpec } from './spec.js';
import type { Catalog } from './types.js';

export type { CatalogClientSettings } from './awsClients.js';

export interface CatalogSettings {
  readonly spec: CatalogSpec;
  readonly athenaWorkgroup?: string;
  readonly athenaOutput?: string;
  readonly athenaTimeoutMs: number;
}

export interface CatalogTarget {
  readonly layout: Layout;
  readonly tableRootUri: string;
  readonly client: CatalogClientSettings;
  readonly now: () => number;
}

/** The Glue or Athena catalog, or null for `none`. */
export function openRemoteCatalog(settings: CatalogSettings, target: CatalogTarget): Catalog | null {
  const { spec } = settings;
  if (spec.kind === 'none') return null;
  const common = { database: spec.database, table: spec.table, layout: target.layout, tableRootUri: target.tableRootUri, now: target.now };
  if (spec.kind === 'glue') return new GlueCatalog({ ...common, client: createGlueClient(target.client) });
  return new AthenaCatalog({
    ...common,
    client: createAthenaClient(target.client),
    timeoutMs: settings.athenaTimeoutMs,
    ...(settings.athenaWorkgroup === undefined ? {} : { workgroup: settings.athenaWorkgroup }),
    ...(settings.athenaOutput === undefined ? {} : { outputLocation: settings.athenaOutput }),
  });
}

/**
 * Destinations no query could see, with the reason: their moves are held back. Asked even with no
 * destinations, so a wrong --catalog (no such table, keys that do not fit the layout) fails every
 * run, not only the first one that has something to move.
 */
export async function invisibleDestinations(catalog: Catalog | null, destinations: readonly string[]): Promise<ReadonlyMap<string, string>> {
  if (catalog === null) return new Map();
  const { invisible } = await catalog.inspect(destinations);
  return new Map(invisible.map((i) => [i.partition, i.reason]));
}
