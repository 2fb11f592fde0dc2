#!/usr/bin/env bash
# Submits the medallion job to a running Flink cluster, detached, once its REST endpoint answers:
#
#   medallion-submit.sh [job flags ...]      e.g. --stations BER,KLO --checkpoints.interval 1min
#
# The image runs this file as the compose service `medallion-submit` (docker/docker-compose.yml);
# the process-cluster tests (module `tests`: SavepointResumeIT, SqlClientProcessIT) run the same
# file against their JobManager, with a `flink` command of their own first on the PATH.
#
# Environment:
#   FLINK_REST      host:port of the JobManager's REST endpoint   (default jobmanager:8081)
#   MEDALLION_JAR   the job jar                                   (default /opt/flink/usrlib/medallion-job.jar)
#   FLINK_RUN_ARGS  extra `flink run` options before the jar, e.g. "-s rs://lake/savepoints/savepoint-... -p 2"
#   WAIT_SECONDS    how long to wait for the REST endpoint        (default 300)
set -euo pipefail
rest="${FLINK_REST:-jobmanager:8081}"
jar="${MEDALLION_JAR:-/opt/flink/usrlib/medallion-job.jar}"
wait_seconds="${WAIT_SECONDS:-300}"

waited=0
until flink list -m "$rest" > /dev/null 2>&1; do
  if [ "$waited" -ge "$wait_seconds" ]; then
    echo "No Flink REST endpoint at $rest after ${wait_seconds}s" >&2
    exit 1
  fi
  sleep 2
  waited=$((waited + 2))
done

# shellcheck disable=SC2086 # FLINK_RUN_ARGS is a list of options
exec flink run -m "$rest" -d ${FLINK_RUN_ARGS:-} "$jar" "$@"
