#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: installs what the tests need beyond Maven
# (Prism, the validating mock server for the OpenAPI conformance tests, from npm), then `mvn verify`, then the
# docs site's checks (scripts/docs.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

PRISM_VERSION=5.14.2
if [ ! -x .tools/prism/node_modules/.bin/prism ]; then
  echo "Installing Prism $PRISM_VERSION (npm) into .tools/prism for the OpenAPI conformance tests"
  npm install --silent --no-audit --no-fund --prefix .tools/prism "@stoplight/prism-cli@$PRISM_VERSION"
fi
# The conformance tests skip without Prism when run alone; here they must run.
export SWITCHBOARD_REQUIRE_PRISM=1

mvn -B verify "$@"

# The docs site builds, with every public declaration documented and no broken link (Dokka, Javadoc, the README).
exec bash scripts/docs.sh
