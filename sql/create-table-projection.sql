-- The demo table with partition projection: Athena computes the partitions from these
-- properties and Glue holds none. `repartition apply --catalog glue:logs.app_projected` then
-- writes nothing to Glue and checks that every destination partition lies inside the projection
-- (range and location template); records that would land outside it stay where they are and are
-- reported (`catalog.invisible`), because no query could see them there.
CREATE EXTERNAL TABLE IF NOT EXISTS logs.app_projected (
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
LOCATION 's3://YOUR-BUCKET/logs/app/'
TBLPROPERTIES (
  'projection.enabled'        = 'true',
  'projection.dt.type'        = 'date',
  'projection.dt.format'      = 'yyyy-MM-dd',
  'projection.dt.range'       = '2020-01-01,NOW',
  'projection.hour.type'      = 'integer',
  'projection.hour.range'     = '0,23',
  'projection.hour.digits'    = '2',
  'storage.location.template' = 's3://YOUR-BUCKET/logs/app/dt=${dt}/hour=${hour}/'
);
