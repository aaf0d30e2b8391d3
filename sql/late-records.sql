-- Records whose event hour disagrees with the partition they sit in: what `repartition plan`
-- reports, as an Athena query (hive layout, partition zone Asia/Tokyo, ISO-8601 `timestamp`).
-- Adjust the table, the zone and the time expression to your table. "$path" names the object.
SELECT "$path"                                            AS object,
       dt, hour,
       date_format(from_iso8601_timestamp("timestamp") AT TIME ZONE 'Asia/Tokyo', '%Y-%m-%d') AS event_dt,
       date_format(from_iso8601_timestamp("timestamp") AT TIME ZONE 'Asia/Tokyo', '%H')       AS event_hour,
       count(*)                                           AS records
FROM logs.app
WHERE dt BETWEEN '2020-04-20' AND '2020-04-21'
  AND (date_format(from_iso8601_timestamp("timestamp") AT TIME ZONE 'Asia/Tokyo', '%Y-%m-%d') <> dt
    OR date_format(from_iso8601_timestamp("timestamp") AT TIME ZONE 'Asia/Tokyo', '%H') <> hour)
GROUP BY 1, 2, 3, 4, 5
ORDER BY dt, hour, event_dt, event_hour;
