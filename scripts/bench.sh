#!/usr/bin/env bash
# Measures Switchboard against the floor (the JDK HttpClient reading the same bytes) and its peers, in one run,
# and prints the table of ratios (also written to benchmarks/target/bench-results.md).
#
#   scripts/bench.sh                      # everything: about 11 minutes on 2 cores, plus the build
#   scripts/bench.sh --quick              # tiny sizes, a minute: checks that every row works
#   scripts/bench.sh --rows kotlin-java,openai-java --scenarios calls,cold --reps 3
#
# Rows: floor kotlin-{java,okhttp,apache5,cio} kotlin-{events-off,events-on,cache-hit,cache-miss,traced,router,rate-limit}
#       kotlin-{anthropic,ollama,responses,gemini,cohere,bedrock} (the native wire formats) java-{java,blocking,listener,reactive,future,okhttp,apache5,cio} openai-java langchain4j
#       kotlin-memory[-{anthropic,ollama,responses,gemini,cohere,bedrock}] java-memory[-{blocking,listener,reactive}] (no network: the library's own path)
# Scenarios: calls (stream and create in one JVM) hold cold jars; also stream, create alone
set -euo pipefail
cd "$(dirname "$0")/.."

# The library and the harness (-am builds what the benchmarks module depends on; tests are skipped).
mvn -q -B install -DskipTests -pl benchmarks -am
# Each client's runtime classpath, resolved as Maven resolves it for a user of that client.
mvn -q -B -f benchmarks/classpaths/pom.xml validate
exec java -cp benchmarks/target/classes dev.switchboard.bench.Bench "$@"
