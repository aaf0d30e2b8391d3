-- The demo table (`npm run demo` writes it to ./demo-data/app; upload it under s3://YOUR-BUCKET/logs/app/):
-- gzip-compressed JSON lines in hour partitions named in Asia/Tokyo, `dt=YYYY-MM-DD/hour=HH`.
-- Athena picks the gzip codec from the `.gz` extension, which repartition keeps on every output.
CREATE EXTERNAL TABLE IF NOT EXISTS logs.app (
  `timestamp` string,  -- ISO-8601 with +09:00, or epoch milliseconds in one record of ten
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
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES ('ignore.malformed.json' = 'true')
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
  OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://YOUR-BUCKET/logs/app/'
TBLPROPERTIES ('classification' = 'json', 'compressionType' = 'gzip');

-- Register the partitions that already hold data (what `repartition repair` does for any layout):
--   repartition repair s3://YOUR-BUCKET/logs/app/ --partition-tz Asia/Tokyo --catalog glue:logs.app
