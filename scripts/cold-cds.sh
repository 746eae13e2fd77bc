#!/usr/bin/env bash
# Cold start with and without an application class-data-sharing archive (AppCDS), for the floor, the Kotlin API and
# the Java facade: the time from starting a JVM to its exit after one call against the benchmarks' mock server
# (median of 7 runs each). Each archive is written by one training run (-XX:ArchiveClassesAtExit) and then used
# (-XX:SharedArchiveFile); CDS needs jars, so the harness's classes are jarred first.
#
#   scripts/bench.sh --quick --rows kotlin-java,java-java   # once: builds the library, the harness and the classpaths
#   scripts/cold-cds.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
jar cf "$work/bench.jar" -C benchmarks/target/classes .
# The mock server runs until this script ends: it stops when its standard input, this fifo, closes.
mkfifo "$work/stdin"
java -Xmx1g -XX:+UseSerialGC -cp benchmarks/target/classes dev.switchboard.bench.server.MockServer 0 100 < "$work/stdin" > "$work/server.out" &
exec 4> "$work/stdin"
until grep -q '^port=' "$work/server.out" 2>/dev/null; do sleep 0.1; done
url="http://127.0.0.1:$(sed -n 's/^port=//p' "$work/server.out" | head -1)"

cp_of() { if [ -n "$1" ]; then echo "$work/bench.jar:$(cat "$1")"; else echo "$work/bench.jar"; fi; }
median_ms() { # name classpath-file row-class [jvm flags...]
  local name=$1 cpf=$2 cls=$3; shift 3
  local cp; cp=$(cp_of "$cpf")
  local times=()
  for _ in 1 2 3 4 5 6 7; do
    local t0; t0=$(date +%s%N)
    java "$@" -cp "$cp" dev.switchboard.bench.Child cold "$cls" java "$url" > /dev/null 2>&1
    times+=($(( ($(date +%s%N) - t0) / 1000000 )))
  done
  printf "%-30s %5d ms   (%s)\n" "$name" "$(printf "%s\n" "${times[@]}" | sort -n | sed -n 4p)" "$(printf "%s\n" "${times[@]}" | sort -n | tr '\n' ' ')"
}
floor=dev.switchboard.bench.rows.FloorRow
kotlin=dev.switchboard.bench.rows.SwitchboardKotlinRow
facade=dev.switchboard.bench.rows.SwitchboardJavaRow
kcp=benchmarks/target/classpaths/kotlin-java.txt
jcp=benchmarks/target/classpaths/java-java.txt
for row in "floor::$floor" "kotlin:$kcp:$kotlin" "facade:$jcp:$facade"; do
  IFS=: read -r name cpf cls <<< "$row"
  java -XX:ArchiveClassesAtExit="$work/$name.jsa" -cp "$(cp_of "$cpf")" dev.switchboard.bench.Child cold "$cls" java "$url" > /dev/null 2>&1
done
echo "JDK $(java -version 2>&1 | head -1)"
median_ms "floor" "" "$floor"
median_ms "Kotlin API" "$kcp" "$kotlin"
median_ms "Java facade" "$jcp" "$facade"
median_ms "floor, AppCDS" "" "$floor" -XX:SharedArchiveFile="$work/floor.jsa"
median_ms "Kotlin API, AppCDS" "$kcp" "$kotlin" -XX:SharedArchiveFile="$work/kotlin.jsa"
median_ms "Java facade, AppCDS" "$jcp" "$facade" -XX:SharedArchiveFile="$work/facade.jsa"
