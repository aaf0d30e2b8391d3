-- Template of the DDL repartition runs with --catalog athena:DB.TABLE, and prints (field "ddl" of
-- the report) with --catalog none. Several PARTITION clauses go in one statement (at most 100);
-- IF NOT EXISTS makes it safe to run again. Values and locations are Hive string literals: a
-- quote or backslash inside one is backslash-escaped (Hive does not read '' as a quote).
ALTER TABLE logs.app ADD IF NOT EXISTS
  PARTITION (dt = '2020-04-20', hour = '20') LOCATION 's3://YOUR-BUCKET/logs/app/dt=2020-04-20/hour=20/'
  PARTITION (dt = '2020-04-20', hour = '21') LOCATION 's3://YOUR-BUCKET/logs/app/dt=2020-04-20/hour=21/';

-- Firehose's default layout (YYYY/MM/DD/HH, not Hive-style) needs explicit locations; a crawler
-- names its keys partition_0..partition_3, a hand-made table may call them year/month/day/hour:
-- ALTER TABLE logs.firehose_app ADD IF NOT EXISTS
--   PARTITION (partition_0 = '2020', partition_1 = '04', partition_2 = '20', partition_3 = '20')
--   LOCATION 's3://YOUR-BUCKET/firehose/app/2020/04/20/20/';
