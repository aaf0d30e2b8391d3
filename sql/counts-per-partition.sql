-- Records per partition: run before and after `repartition apply`; the total must not change,
-- and the late hours gain exactly what the burst hour loses.
SELECT dt, hour, count(*) AS records
FROM logs.app
WHERE dt BETWEEN '2020-04-20' AND '2020-04-21'
GROUP BY dt, hour
ORDER BY dt, hour;
