-- Tables and views over the medallion lake, for the Flink SQL client or any TableEnvironment.
--
-- The lake is the rs:// store named `lake`. Flink resolves rs://lake/... through the remote-store
-- file system plugin (flink-rs-filesystem-<version>-plugin.jar in $FLINK_HOME/plugins/rs/), which
-- reads the store from the `rs.` keys of the Flink configuration ($FLINK_HOME/conf/config.yaml,
-- or -D dynamic properties). For the demo's lake on local disk:
--
--   rs.backends.disk.type: local
--   rs.backends.disk.root: /absolute/path/to/data/lake
--   rs.stores.lake.backend: disk
--
-- On S3 or Azure only the backend keys change (rs.backends.<b>.type: s3 / azure and their
-- options); these scripts stay the same. Without a config.yaml, the plugin also reads the YAML
-- file named by the environment variable RS_CONFIG_FILE.
--
-- Run:  sql-client.sh -i medallion-job/sql/tables.sql -f medallion-job/sql/examples.sql
--
-- Layout (see medallion-job/README.md, "Lake layout"):
--   bronze/rows/station_abbr=<ABBR>/date=<yyyy-MM-dd>/part-*.csv   raw feed lines, Windows-1252
--   bronze/rejects/date=<yyyy-MM-dd>/part-*.csv                    quarantined lines with a reason
--   bronze/meta/ogd-smn_meta_*.csv                                 the feed's metadata files
--   silver/station_abbr=<ABBR>/date=<yyyy-MM-dd>/part-*.parquet    clean long-format rows
--   gold/daily_summary/, gold/station_stats/, gold/alerts/,
--   gold/monthly_summary/                                          unpartitioned Parquet
--
-- Every timestamp in the lake is UTC: Parquet files store instants ('parquet.utc-timezone' =
-- 'true'), and TIMESTAMP(3) columns show them as UTC wall-clock time. Dates (`date`) are UTC days.
-- Files whose names start with '.' or '_' (in-progress parts, _SUCCESS markers) are never read.
-- A partitioned table whose folder does not exist yet reads as empty; an unpartitioned one (gold,
-- bronze_meta) can be queried once the job has committed its first file into its folder.

-- ---------------------------------------------------------------------------------------------
-- Bronze: the feed's lines byte for byte, one row per line. Every part file starts with the
-- header line of its source file, so header lines appear as rows too (see bronze_lines).
-- ---------------------------------------------------------------------------------------------
CREATE TABLE bronze_rows (
  line STRING,
  station_abbr STRING,
  `date` DATE
) PARTITIONED BY (station_abbr, `date`) WITH (
  'connector' = 'filesystem',
  'path' = 'rs://lake/bronze/rows',
  'format' = 'raw',
  'raw.charset' = 'windows-1252'
);

-- The measurement lines of bronze, without the header lines.
CREATE VIEW bronze_lines AS
SELECT station_abbr, `date`, line
FROM bronze_rows
WHERE line NOT LIKE 'station_abbr;%';

-- Quarantined lines: `source_file;line_number;reason;detail;raw_line`, partitioned by the UTC day
-- on which they were rejected. The first three fields never contain ';', the last two may be
-- quoted, so the table keeps the whole line and the view below splits off the leading fields.
CREATE TABLE bronze_rejects (
  line STRING,
  `date` DATE
) PARTITIONED BY (`date`) WITH (
  'connector' = 'filesystem',
  'path' = 'rs://lake/bronze/rejects',
  'format' = 'raw',
  'raw.charset' = 'windows-1252'
);

CREATE VIEW rejects AS
SELECT
  SPLIT_INDEX(line, ';', 0) AS source_file,
  CAST(SPLIT_INDEX(line, ';', 1) AS BIGINT) AS line_number,
  SPLIT_INDEX(line, ';', 2) AS reason,
  line,
  `date`
FROM bronze_rejects
WHERE line NOT LIKE 'source_file;%';

-- The feed's metadata files (stations, parameters, ...) as copied into bronze, one row per line,
-- with the file each line comes from.
CREATE TABLE bronze_meta (
  line STRING,
  file_path STRING NOT NULL METADATA FROM 'file.path' VIRTUAL
) WITH (
  'connector' = 'filesystem',
  'path' = 'rs://lake/bronze/meta',
  'format' = 'raw',
  'raw.charset' = 'windows-1252'
);

-- ---------------------------------------------------------------------------------------------
-- Silver: one row per (station, timestamp, parameter, revision). The file columns are those of
-- org.remotestore.medallion.silver.SilverRecord.FILE_TYPE; station_abbr and `date` (the UTC day of
-- reference_timestamp) live only in the folder names. Filters on them prune partitions.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE silver (
  station_name STRING,
  canton STRING,
  elevation_m DOUBLE,
  lat DOUBLE,
  lon DOUBLE,
  reference_timestamp TIMESTAMP(3),
  `parameter` STRING,
  parameter_name STRING,
  unit STRING,
  `value` DOUBLE,
  granularity STRING,
  revision INT,
  ingested_at TIMESTAMP(3),
  station_abbr STRING,
  `date` DATE
) PARTITIONED BY (station_abbr, `date`) WITH (
  'connector' = 'filesystem',
  'path' = 'rs://lake/silver',
  'format' = 'parquet',
  'parquet.utc-timezone' = 'true'
);

-- The latest revision of every (station, timestamp, parameter): corrections replace the values
-- they correct (the job writes each revision of a value once). Written as a comparison with the
-- highest revision rather than with ROW_NUMBER(), so that filters on station_abbr and `date` of a
-- query over this view still prune silver's partitions on both sides.
CREATE VIEW silver_latest AS
SELECT
  s.station_abbr, s.`date`, s.station_name, s.canton, s.elevation_m, s.lat, s.lon,
  s.reference_timestamp, s.`parameter`, s.parameter_name, s.unit, s.`value`, s.granularity,
  s.revision, s.ingested_at
FROM silver AS s
WHERE s.revision = (
  SELECT MAX(m.revision)
  FROM silver AS m
  WHERE m.station_abbr = s.station_abbr AND m.`date` = s.`date`
    AND m.reference_timestamp = s.reference_timestamp AND m.`parameter` = s.`parameter`);

-- ---------------------------------------------------------------------------------------------
-- Gold: unpartitioned Parquet tables, one folder each.
-- ---------------------------------------------------------------------------------------------

-- Per station and UTC day; a day is emitted again with version + 1 after a correction.
CREATE TABLE daily_summary (
  station_abbr STRING,
  `date` DATE,
  version INT,
  tre200s0_mean DOUBLE,
  tre200s0_min DOUBLE,
  tre200s0_max DOUBLE,
  rre150z0_sum DOUBLE,
  sre000z0_sum DOUBLE,
  fu3010z1_max DOUBLE,
  samples INT,
  coverage DOUBLE,
  emitted_at TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'rs://lake/gold/daily_summary',
  'format' = 'parquet',
  'parquet.utc-timezone' = 'true'
);

-- The latest version of every station day.
CREATE VIEW daily_summary_latest AS
SELECT
  station_abbr, `date`, version, tre200s0_mean, tre200s0_min, tre200s0_max, rre150z0_sum,
  sre000z0_sum, fu3010z1_max, samples, coverage, emitted_at
FROM (
  SELECT *,
    ROW_NUMBER() OVER (PARTITION BY station_abbr, `date` ORDER BY version DESC) AS version_rank
  FROM daily_summary)
WHERE version_rank = 1;

-- Per station, refreshed at least every (simulated) hour: one row per refresh.
CREATE TABLE station_stats (
  station_abbr STRING,
  station_name STRING,
  elevation_m DOUBLE,
  observations BIGINT,
  coverage DOUBLE,
  mean_temp_c DOUBLE,
  mean_temp_sea_level_c DOUBLE,
  first_observation TIMESTAMP(3),
  last_observation TIMESTAMP(3),
  as_of TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'rs://lake/gold/station_stats',
  'format' = 'parquet',
  'parquet.utc-timezone' = 'true'
);

-- The newest refresh of every station.
CREATE VIEW station_stats_latest AS
SELECT
  station_abbr, station_name, elevation_m, observations, coverage, mean_temp_c,
  mean_temp_sea_level_c, first_observation, last_observation, as_of
FROM (
  SELECT *,
    ROW_NUMBER() OVER (PARTITION BY station_abbr ORDER BY as_of DESC) AS refresh_rank
  FROM station_stats)
WHERE refresh_rank = 1;

-- At most one alert per station, kind (heat, frost, storm_gust, heavy_rain) and day.
CREATE TABLE alerts (
  station_abbr STRING,
  kind STRING,
  `date` DATE,
  reference_timestamp TIMESTAMP(3),
  `parameter` STRING,
  `value` DOUBLE,
  threshold DOUBLE,
  emitted_at TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'rs://lake/gold/alerts',
  'format' = 'parquet',
  'parquet.utc-timezone' = 'true'
);

-- Per station and calendar month (`month` = its first day), from the feed's daily (`d`) values
-- when the job ingests granularity d, from daily_summary (10-minute data) otherwise
-- (`source_granularity` says which). Emitted again with version + 1 when a day changes.
CREATE TABLE monthly_summary (
  station_abbr STRING,
  `month` DATE,
  version INT,
  tre200_mean DOUBLE,
  tre200_min DOUBLE,
  tre200_max DOUBLE,
  rre150_sum DOUBLE,
  sre000_sum DOUBLE,
  fu3010_max DOUBLE,
  days INT,
  source_granularity STRING,
  emitted_at TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'rs://lake/gold/monthly_summary',
  'format' = 'parquet',
  'parquet.utc-timezone' = 'true'
);

-- The latest version of every station month.
CREATE VIEW monthly_summary_latest AS
SELECT
  station_abbr, `month`, version, tre200_mean, tre200_min, tre200_max, rre150_sum, sre000_sum,
  fu3010_max, days, source_granularity, emitted_at
FROM (
  SELECT *,
    ROW_NUMBER() OVER (PARTITION BY station_abbr, `month` ORDER BY version DESC) AS version_rank
  FROM monthly_summary)
WHERE version_rank = 1;
