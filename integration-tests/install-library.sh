#!/usr/bin/env bash
# Installs the library jar just built into the local repository under a version of its own (one per checkout), so
# the sub-builds under integration-tests/ resolve it as a consumer would, with its pom's dependencies, and builds
# of several checkouts at once never see each other's jar. Prints that version; the caller removes
# LOCAL_REPOSITORY/io/latzero/latzero-persistence/VERSION when done.
# Usage: install-library.sh MVN LOCAL_REPOSITORY LIBRARY_VERSION LIBRARY_JAR
set -euo pipefail

mvn_cmd=$1
local_repo=$2
version=$3
jar=$4
root=$(cd "$(dirname "$0")/.." && pwd)

it_version="${version%-SNAPSHOT}-it$(printf '%s' "$root" | cksum | cut -d' ' -f1)-SNAPSHOT"
it_pom=$(mktemp --suffix=.xml)
trap 'rm -f "$it_pom"' EXIT
# The project's own <version> is the first one after its artifactId.
sed "0,/<version>$version<\/version>/s//<version>$it_version<\/version>/" "$root/pom.xml" > "$it_pom"
"$mvn_cmd" -B -q -Dmaven.repo.local="$local_repo" \
    org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file -Dfile="$jar" -DpomFile="$it_pom" >&2
printf '%s\n' "$it_version"
