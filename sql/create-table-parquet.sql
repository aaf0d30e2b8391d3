-- The same table stored as Parquet (Firehose record-format conversion, Glue/Spark jobs, CTAS).
-- Parquet columns are matched by name, so partitions added by repartition (which copies the
-- table's storage descriptor into each new partition) read with the table's schema.
CREATE EXTERNAL TABLE IF NOT EXISTS logs.app_parquet (
  `timestamp` timestamp,
  level       string,
  service     string,
  request_id  string,
  trace_id    string,
  latency_ms  int,
  msg         string,
  client_ip   string,
  http        struct<method:string, path:string, status:int, bytes:int>,
  `user`      struct<id:bigint, region:string, note:string>
)
PARTITIONED BY (dt string, hour string)
STORED AS PARQUET
LOCATION 's3://YOUR-BUCKET/logs/app-parquet/'
TBLPROPERTIES ('classification' = 'parquet', 'parquet.compression' = 'SNAPPY');
