#!/usr/bin/env bash
# Runs the Helidon MP integration test (integration-tests/helidon) for the root build's verify phase.
# Helidon 4 needs JDK 21+ while the library builds on 17, so this picks a JDK 21+: $LATZERO_JDK21_HOME (what
# .ci/verify exports), else the JDK running Maven, else one under /usr/lib/jvm. With none, it fails when CI=true
# and otherwise prints a loud warning that the test did not run.
# The library jar just built reaches the Helidon build through the local repository under a version of its own
# (install-library.sh; removed afterwards).
# Usage: run-helidon-it.sh MVN LOCAL_REPOSITORY LIBRARY_VERSION LIBRARY_JAR
set -euo pipefail

mvn_cmd=$1
local_repo=$2
version=$3
jar=$4
here=$(cd "$(dirname "$0")" && pwd)

java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

is_jdk21() {
    [ -n "$1" ] && [ -x "$1/bin/javac" ] && [ "$(java_major "$1")" -ge 21 ] 2>/dev/null
}

if [ -n "${LATZERO_JDK21_HOME:-}" ]; then
    if ! is_jdk21 "$LATZERO_JDK21_HOME"; then
        echo "ERROR: LATZERO_JDK21_HOME=$LATZERO_JDK21_HOME is not a JDK 21 or newer" >&2
        exit 1
    fi
    jdk=$LATZERO_JDK21_HOME
else
    jdk=""
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
        if is_jdk21 "$candidate"; then
            jdk=$candidate
            break
        fi
    done
fi

if [ -z "$jdk" ]; then
    message="the Helidon MP integration test needs a JDK 21+; none found (set LATZERO_JDK21_HOME)"
    if [ "${CI:-}" = "true" ]; then
        echo "ERROR: $message" >&2
        exit 1
    fi
    echo "WARNING: ******** NOT RUN: $message ********" >&2
    exit 0
fi

it_version=$(bash "$here/../install-library.sh" "$mvn_cmd" "$local_repo" "$version" "$jar")
trap 'rm -rf "$local_repo/io/latzero/latzero-persistence/$it_version"' EXIT

echo "Helidon MP integration test on $jdk (Java $(java_major "$jdk")), library $it_version"
JAVA_HOME=$jdk "$mvn_cmd" -B -f "$here/pom.xml" -Dmaven.repo.local="$local_repo" -Dlatzero.version="$it_version" verify
