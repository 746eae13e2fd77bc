#!/usr/bin/env bash
# Builds the docs site into target/docs-site: Dokka's HTML of every published module (Kotlin and the facade's Java),
# the facade's Javadoc, and the README's guides as HTML. Fails on a public declaration without docs (Dokka's
# "Undocumented" report, leaving out overrides of toString/equals/hashCode and enums' synthetic members, which
# inherit their contract), on Javadoc warnings in the facade, and on a broken link anywhere in the site.
set -euo pipefail
cd "$(dirname "$0")/.."
site=target/docs-site
rm -rf "$site" && mkdir -p "$site/api" target

# Published modules: the root POM's modules but the build's own (samples, checks, benchmarks, the BOM).
modules=$(sed -n 's|^ *<module>\(.*\)</module>.*|\1|p' pom.xml | grep -vE '^(bom|consumer-check|samples-java|compat/kotlin|benchmarks)$')
list=$(echo "$modules" | paste -sd, -)

echo "Dokka HTML for: $list"
mvn -B -q -Drelease -Dmaven.test.skip=true -pl "$list" compile org.jetbrains.dokka:dokka-maven-plugin:dokka \
  dependency:build-classpath -Dmdep.outputFile=target/javadoc-classpath.txt -Dmdep.includeScope=compile 2>&1 | tee target/docs-dokka.log \
  | grep -E 'Undocumented|ERROR|error:' || true
undocumented=$(grep 'Undocumented:' target/docs-dokka.log | grep -vE '/(toString|equals|hashCode|values|valueOf|entries)/' || true)
if [ -n "$undocumented" ]; then
  echo "Public declarations without docs:"; echo "$undocumented"; exit 1
fi
grep -q 'BUILD FAILURE\|\[ERROR\]' target/docs-dokka.log && { echo "Dokka failed: see target/docs-dokka.log"; exit 1; }

echo "Javadoc for the Java facade"
# The JDK's javadoc over the facade's Java sources, with its compiled classes (the Kotlin internals included) and
# dependencies (resolved in the reactor run above, so nothing needs installing) on the classpath; every doclint warning (broken references, bad HTML) fails the build. Missing docs are
# Dokka's check above, which reads the facade's Java sources too (the @param/@return tags are not required).
javadoc -quiet -Xdoclint:all,-missing -Werror -d "$site/javadoc" -sourcepath java-facade/src/main/java \
  -classpath "java-facade/target/classes:$(cat java-facade/target/javadoc-classpath.txt)" -subpackages dev.switchboard.java \
  -exclude dev.switchboard.java.internal

# A module's artifactId: the first one after its <parent> block.
artifact() { sed -n '/<\/parent>/,$p' "$1/pom.xml" | sed -n 's|^ *<artifactId>\([^<]*\)</artifactId>.*|\1|p' | head -1; }
names=""
for m in $modules; do
  name=$(artifact "$m")
  cp -r "$m/target/dokka" "$site/api/$name"
  names="$names $name"
done

MARKED_VERSION=18.3.0
if [ ! -x .tools/marked/node_modules/.bin/marked ]; then
  npm install --silent --no-audit --no-fund --prefix .tools/marked "marked@$MARKED_VERSION"
fi
.tools/marked/node_modules/.bin/marked --gfm -i README.md -o target/readme-body.html
java scripts/DocsSite.java "$site" target/readme-body.html $names
echo "Docs site: $site/index.html"
