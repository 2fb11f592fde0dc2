#!/usr/bin/env bash
# Writes a new savepoint fixture of the medallion job as built now (SavepointFixtureGenerator):
#   medallion-job/savepoint-fixture.sh [name]
# into medallion-job/src/test/resources/savepoints/<name>/ (default name: <today>-main). Existing
# fixtures are kept: SavepointCompatibilityIT restores every one of them.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -ntp -q -pl medallion-job -am test-compile -DskipTests \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/fixture.classpath
exec java -Xmx1g \
  --add-opens java.base/java.util=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
  --add-opens java.base/java.net=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED \
  --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
  --add-opens java.base/java.lang.reflect=ALL-UNNAMED --add-opens java.base/java.text=ALL-UNNAMED \
  --add-opens java.base/java.time=ALL-UNNAMED --add-opens java.base/java.util.concurrent=ALL-UNNAMED \
  --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED \
  --add-opens java.base/java.util.concurrent.locks=ALL-UNNAMED \
  -Dfixture.commit="$(git rev-parse --short HEAD)" \
  -cp "medallion-job/target/test-classes:medallion-job/target/classes:$(cat medallion-job/target/fixture.classpath)" \
  org.remotestore.medallion.savepoint.SavepointFixtureGenerator \
  medallion-job/src/test/resources/savepoints "$@"
