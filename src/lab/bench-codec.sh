#!/bin/sh
# Runs the JMH benchmark of the advert codec (encode+sign, decode+verify) with the GC profiler,
# which reports gc.alloc.rate.norm: bytes allocated per operation.
# Usage: src/lab/bench-codec.sh [extra JMH options]
set -eu
cd "$(dirname "$0")/../.."
mvn -q -DskipTests test-compile
mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    org.openjdk.jmh.Main 'org.carpd.bench.AdvertCodecBenchmark' -prof gc "$@"
