#!/usr/bin/env bash
# The Apache Kafka broker of the integration tests (dev.switchboard.testing.KafkaBroker): copies the server's jars,
# declared in src/test/kafka/pom.xml, into target/kafka/libs with the Maven that runs the build. `mvn verify` runs this
# before the tests (skip with -DskipTests or -Dkafka.skip); an offline build (-o) stays offline, so it works once the
# jars are in the local repository. Nothing is copied again while the pom is unchanged.
#   kafka-broker.sh <mvn> offline=<true|false> <local repository> <pom> <output directory>
set -euo pipefail
mvn=$1 offline=$2 repository=$3 pom=$4 out=$5

want=$(sha256sum "$pom" | cut -d' ' -f1)
stamp=$out/.pom.sha256
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    exit 0
fi
rm -rf "$out"
args=(-B -q -f "$pom" "-Dmaven.repo.local=$repository" "-Dkafka.libs=$out" dependency:copy-dependencies)
if [ "$offline" = offline=true ]; then
    args=(-o "${args[@]}")
fi
echo "Kafka broker: copying its jars into $out"
"$mvn" "${args[@]}"
echo "$want" > "$stamp"
