#!/usr/bin/env bash
# The whole stress corpus (../shared/openapi-corpus, or $ARAZZO_OPENAPI_CORPUS) through
# the pipeline: a synthesised workflow per description, `arazzo check`, the client, the
# workflows, rustc (in batch crates under target/stress/). Prints a line per API and a
# summary table; writes target/stress/report.md and report.json. Exit 1 if any API
# failed after `check` accepted it, or if a panic escaped the generator.
#
#   scripts/stress.sh                      # every API (about 25 minutes on 2 cores)
#   scripts/stress.sh --only xkcd.com/main # some
#   scripts/stress.sh --sample             # the CI sample (tests/stress/src/sample.rs)
#   scripts/stress.sh --no-rustc           # the library only (seconds)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p arazzo-stress
exec target/release/arazzo-stress "$@"
