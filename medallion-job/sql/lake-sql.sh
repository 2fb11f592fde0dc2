#!/usr/bin/env bash
# Runs the SQL scripts of this folder over a lake on local disk, in a batch TableEnvironment
# (org.remotestore.medallion.sql.LakeSql): tables.sql first, then the given scripts, by default
# examples.sql. The lake is ./data/lake (the demo's), or the folder in LAKE:
#
#   medallion-job/sql/lake-sql.sh                          # example queries over ./data/lake
#   LAKE=/tmp/lake medallion-job/sql/lake-sql.sh my.sql    # your own queries over another lake
#
# The `lake` store is configured as the local backend over that folder (no config file needed).
# Needs Java 17+ and Maven 3.8+; extra Maven flags (e.g. -o for offline) via LAKE_SQL_MAVEN_FLAGS.
set -euo pipefail
sql_dir="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$sql_dir/../.." && pwd)"
lake="${LAKE:-data/lake}"
if [ ! -d "$lake" ]; then
  echo "No lake folder at $lake: start ./demo.sh first, or set LAKE to the lake's folder" >&2
  exit 1
fi
lake="$(cd "$lake" && pwd)"
scripts=("$@")
if [ ${#scripts[@]} -eq 0 ]; then
  scripts=("$sql_dir/examples.sql")
fi

echo "Building the SQL runner's class path ..." >&2
# the same class path as the demo (demo.sh): runtime scope (Parquet's runtime libraries) plus
# provided scope (Flink and its table planner)
(cd "$root" && mvn -B -ntp -q ${LAKE_SQL_MAVEN_FLAGS:-} -pl medallion-job -am test-compile \
  -DskipTests dependency:build-classpath@demo-runtime dependency:build-classpath@demo-provided)

exec java -Xmx1g -Dlog4j2.level=OFF \
  --add-opens java.base/java.util=ALL-UNNAMED \
  --add-opens java.base/java.lang=ALL-UNNAMED \
  --add-opens java.base/java.nio=ALL-UNNAMED \
  --add-opens java.base/java.time=ALL-UNNAMED \
  -cp "$root/medallion-job/target/classes:$(cat "$root/medallion-job/target/demo-runtime.classpath"):$(cat "$root/medallion-job/target/demo-provided.classpath")" \
  org.remotestore.medallion.sql.LakeSql --lake "$lake" "$sql_dir/tables.sql" "${scripts[@]}"
