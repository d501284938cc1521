#!/usr/bin/env bash
# The plain-consumer check for the root build's verify phase: builds integration-tests/consumer (a project that
# adds only the library) against the jar just built, fails if its runtime class path holds what a plain consumer
# must not get (JUnit, picocli, a logging backend, the PostgreSQL driver or Flyway's PostgreSQL support), prints
# that class path, and runs the consumer on it: the embedded store works, a PostgreSQL store is refused clearly.
# Usage: run-consumer-check.sh MVN LOCAL_REPOSITORY LIBRARY_VERSION LIBRARY_JAR
set -euo pipefail

mvn_cmd=$1
local_repo=$2
version=$3
jar=$4
here=$(cd "$(dirname "$0")" && pwd)

it_version=$(bash "$here/../install-library.sh" "$mvn_cmd" "$local_repo" "$version" "$jar")
trap 'rm -rf "$local_repo/io/latzero/latzero-persistence/$it_version"' EXIT

"$mvn_cmd" -B -q -f "$here/pom.xml" -Dmaven.repo.local="$local_repo" -Dlatzero.version="$it_version" package
classpath=$(cat "$here/target/runtime.classpath")
artifacts=$(printf '%s\n' "$classpath" | tr ':' '\n' | xargs -n1 basename)
echo "consumer runtime class path: $(printf '%s\n' "$artifacts" | wc -l) artifacts"
printf '  %s\n' $artifacts

forbidden='^(junit-|opentest4j|apiguardian|picocli|slf4j-jdk14|slf4j-simple|logback-|log4j-slf4j|postgresql-|flyway-database-)'
unwanted=$(printf '%s\n' "$artifacts" | grep -E "$forbidden" || true)
if [ -n "$unwanted" ]; then
    echo "ERROR: a plain consumer's runtime class path must not hold: $(echo $unwanted)" >&2
    exit 1
fi

java -cp "$here/target/classes:$classpath" io.latzero.consumer.PlainConsumer
