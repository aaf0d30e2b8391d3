// The same detection done by DuckDB: read every gzip JSON-lines object with hive partitioning and
// count the records whose event hour (Asia/Tokyo, fixed +09:00) differs from their partition.
import { DuckDBInstance } from '@duckdb/node-api';

const [root, threads] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const connection = await instance.connect();
const glob = `${root}/*/*/*.gz`.replaceAll("'", "''");
const sql = `
  WITH records AS (
    SELECT dt, hour,
      CASE WHEN regexp_full_match(timestamp, '-?[0-9]+')
           THEN make_timestamp(CAST(timestamp AS BIGINT) * 1000)
           ELSE CAST(TRY_CAST(timestamp AS TIMESTAMPTZ) AS TIMESTAMP) END AS event_utc
    FROM read_json('${glob}', format = 'newline_delimited', hive_partitioning = true,
                   columns = {timestamp: 'VARCHAR'}, ignore_errors = true)
  ), labelled AS (
    SELECT CAST(dt AS DATE) + to_hours(CAST(hour AS BIGINT)) AS partition_hour,
           date_trunc('hour', event_utc + INTERVAL 9 HOUR) AS event_hour
    FROM records WHERE event_utc IS NOT NULL
  )
  SELECT count(*) FILTER (WHERE event_hour < partition_hour) AS late,
         count(*) FILTER (WHERE event_hour > partition_hour) AS early,
         count(*) AS placeable
  FROM labelled`;
const result = await connection.runAndReadAll(sql);
const [late, early, placeable] = result.getRows()[0].map(Number);
process.stdout.write(JSON.stringify({ late, early, placeable }) + '\n');
