-- Example queries over the medallion lake. Run after tables.sql, which creates the tables and
-- views (and says how the rs:// store `lake` is configured):
--
--   sql-client.sh -i medallion-job/sql/tables.sql -f medallion-job/sql/examples.sql
--
-- The lake keeps growing while the job runs; these are batch queries over what is committed now.

SET 'execution.runtime-mode' = 'batch';
SET 'sql-client.execution.result-mode' = 'tableau';
-- The planner would read Parquet footers for statistics through Hadoop's file systems, which do
-- not know rs:// (a logged warning per query); these small queries do not need them.
SET 'table.optimizer.source.report-statistics-enabled' = 'false';

-- 1. The latest version of every daily summary, newest day first.
SELECT station_abbr, `date`, version, tre200s0_mean, tre200s0_min, tre200s0_max, rre150z0_sum,
  sre000z0_sum, fu3010z1_max, samples, coverage
FROM daily_summary_latest
ORDER BY `date` DESC, station_abbr;

-- 2. Days whose summary was emitted again after a correction, with the first and latest mean.
SELECT d.station_abbr, d.`date`, d.version AS latest_version,
  f.tre200s0_mean AS first_mean, d.tre200s0_mean AS latest_mean
FROM daily_summary_latest AS d
JOIN daily_summary AS f
  ON f.station_abbr = d.station_abbr AND f.`date` = d.`date` AND f.version = 0
WHERE d.version > 0
ORDER BY d.station_abbr, d.`date`;

-- 3. Every station's newest statistics, warmest (adjusted to sea level) first.
SELECT station_abbr, station_name, elevation_m, observations, coverage, mean_temp_c,
  mean_temp_sea_level_c, first_observation, last_observation, as_of
FROM station_stats_latest
ORDER BY mean_temp_sea_level_c DESC, station_abbr;

-- 4. Alerts per kind.
SELECT kind, COUNT(*) AS alerts, COUNT(DISTINCT station_abbr) AS stations,
  MIN(`date`) AS first_day, MAX(`date`) AS last_day
FROM alerts
GROUP BY kind
ORDER BY kind;

-- 5. Hourly temperature of one station (Bern / Zollikofen, BER) on its newest day in silver. The
-- filter on the partition column station_abbr means only BER's folders are read.
SELECT FLOOR(reference_timestamp TO HOUR) AS `hour`, AVG(`value`) AS mean_temp_c,
  MIN(`value`) AS min_temp_c, MAX(`value`) AS max_temp_c, COUNT(*) AS samples
FROM silver_latest
WHERE station_abbr = 'BER' AND `parameter` = 'tre200s0'
  AND `date` = (SELECT MAX(`date`) FROM silver WHERE station_abbr = 'BER')
GROUP BY FLOOR(reference_timestamp TO HOUR)
ORDER BY `hour`;

-- 6. Corrected values: the first publication next to the latest revision.
SELECT l.station_abbr, l.reference_timestamp, l.`parameter`, f.`value` AS published_value,
  l.`value` AS corrected_value, l.revision
FROM silver_latest AS l
JOIN silver AS f
  ON f.station_abbr = l.station_abbr AND f.`date` = l.`date`
  AND f.reference_timestamp = l.reference_timestamp AND f.`parameter` = l.`parameter`
  AND f.revision = 0
WHERE l.revision > 0
ORDER BY l.station_abbr, l.reference_timestamp, l.`parameter`;

-- 7. Bronze against silver, per station and day: raw measurement lines received (corrections
-- arrive as further lines) and distinct 10-minute timestamps with at least one value in silver.
SELECT b.station_abbr, b.`date`, b.lines, s.timestamps
FROM (
  SELECT station_abbr, `date`, COUNT(*) AS lines FROM bronze_lines GROUP BY station_abbr, `date`
) AS b
LEFT JOIN (
  SELECT station_abbr, `date`, COUNT(DISTINCT reference_timestamp) AS timestamps
  FROM silver GROUP BY station_abbr, `date`
) AS s ON s.station_abbr = b.station_abbr AND s.`date` = b.`date`
ORDER BY b.station_abbr, b.`date`;

-- 8. Quarantined lines per reason.
SELECT reason, COUNT(*) AS lines, MIN(source_file) AS example_file
FROM rejects
GROUP BY reason
ORDER BY reason;
