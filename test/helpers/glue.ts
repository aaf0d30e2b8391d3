/** Glue and Athena in moto for the tests: clients, a log table like a real one, and its partitions. */
import { AthenaClient } from '@aws-sdk/client-athena';
import { CreateDatabaseCommand, CreateTableCommand, GetPartitionsCommand, GlueClient } from '@aws-sdk/client-glue';
import type { Partition, StorageDescriptor } from '@aws-sdk/client-glue';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export function testGlueClient(endpoint: string): GlueClient {
  return new GlueClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
}

export function testAthenaClient(endpoint: string): AthenaClient {
  return new AthenaClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
}

/** The storage descriptor of a JSON-lines log table as Athena's CREATE EXTERNAL TABLE makes it. */
export function jsonTableStorage(location: string): StorageDescriptor {
  return {
    Columns: [
      { Name: 'timestamp', Type: 'string' },
      { Name: 'level', Type: 'string' },
      { Name: 'msg', Type: 'string' },
    ],
    Location: location,
    InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    Compressed: true,
    NumberOfBuckets: -1,
    SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', Parameters: { 'ignore.malformed.json': 'true', 'serialization.format': '1' } },
    Parameters: { classification: 'json', compressionType: 'gzip' },
    StoredAsSubDirectories: false,
  };
}

export const LAYOUT_KEYS: Readonly<Record<string, readonly { Name: string; Type: string }[]>> = {
  hive: [{ Name: 'dt', Type: 'string' }, { Name: 'hour', Type: 'string' }],
  'hive-ymdh': [{ Name: 'year', Type: 'string' }, { Name: 'month', Type: 'string' }, { Name: 'day', Type: 'string' }, { Name: 'hour', Type: 'string' }],
  firehose: [{ Name: 'year', Type: 'string' }, { Name: 'month', Type: 'string' }, { Name: 'day', Type: 'string' }, { Name: 'hour', Type: 'string' }],
};

let databases = 0;
/** A new database with one partitioned table; returns `db.table`. */
export async function createLogTable(
  glue: GlueClient,
  location: string,
  keys: readonly { Name: string; Type: string }[],
  parameters: Record<string, string> = { EXTERNAL: 'TRUE', classification: 'json' },
): Promise<{ database: string; table: string }> {
  const database = `logs_${process.pid}_${++databases}`;
  await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: database } }));
  await glue.send(
    new CreateTableCommand({
      DatabaseName: database,
      TableInput: { Name: 'app', TableType: 'EXTERNAL_TABLE', PartitionKeys: [...keys], StorageDescriptor: jsonTableStorage(location), Parameters: parameters },
    }),
  );
  return { database, table: 'app' };
}

export async function listPartitions(glue: GlueClient, database: string, table: string): Promise<Partition[]> {
  const partitions: Partition[] = [];
  let token: string | undefined;
  do {
    const page = await glue.send(new GetPartitionsCommand({ DatabaseName: database, TableName: table, NextToken: token }));
    partitions.push(...(page.Partitions ?? []));
    token = page.NextToken;
  } while (token !== undefined && token !== '');
  return partitions;
}
