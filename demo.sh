#!/usr/bin/env bash
# Builds the medallion job and starts the demo (Flink MiniCluster with web UI, the MeteoSwiss replay,
# the lake under ./data/lake). Options go to the demo, e.g.:
#   ./demo.sh --port 8081 --speed 600 --stations BER,LUG,SAE --data-dir ./data
#   ./demo.sh --otel-exporter console     (spans and metrics of every store operation; or otlp with
#                                          --otel-endpoint http://localhost:4318)
# Ctrl-C stops it; running it again resumes from the last checkpoint. ./demo.sh --help lists options.
# Needs Java 17+ and Maven 3.8+. Extra Maven flags (e.g. -o for offline) via DEMO_MAVEN_FLAGS.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"

echo "Building the medallion job (first build downloads dependencies) ..." >&2
# compile (tests are compiled, not run; no jars): the demo runs from the class path, Flink included
mvn -B -ntp -q ${DEMO_MAVEN_FLAGS:-} -pl medallion-job -am test-compile -DskipTests \
  dependency:build-classpath@demo-runtime dependency:build-classpath@demo-provided

java_opts=(
  -Xmx1g
  --add-opens java.base/java.util=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED
  --add-opens java.base/java.net=ALL-UNNAMED
  --add-opens java.base/java.io=ALL-UNNAMED
  --add-opens java.base/java.nio=ALL-UNNAMED
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens java.base/java.text=ALL-UNNAMED
  --add-opens java.base/java.time=ALL-UNNAMED
  --add-opens java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens java.base/java.util.concurrent.locks=ALL-UNNAMED
)
exec java "${java_opts[@]}" ${DEMO_JAVA_OPTS:-} \
  -cp "medallion-job/target/classes:$(cat medallion-job/target/demo-runtime.classpath):$(cat medallion-job/target/demo-provided.classpath)" \
  org.remotestore.medallion.demo.MedallionDemo "$@"
