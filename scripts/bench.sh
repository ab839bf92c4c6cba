#!/usr/bin/env bash
# Runs the benchmarks of the issue "As fast as hand-written reqwest" and records the
# numbers (docs/benchmarks.md says what each measures and what was found).
#
#   scripts/bench.sh                      # all sections
#   scripts/bench.sh overhead many        # some: overhead, large, many, build
#
# Sections:
#   overhead  criterion + interleaved A/B: generated workflow vs hand-written reqwest (1 KiB output)
#   large     1 GiB output to disk: curl -o, the library (write_to a tokio File), the CLI (--output)
#   many      1,000 concurrent workflows sharing one client
#   build     macro expansion time (debug, user crate, cache off/on) and clean build of
#             generated-client with the full OpenAI spec vs the 2-operation spec (in a copy under /tmp)
#
# Environment: BENCH_OUT (default target/bench-results), BENCH_REPS (large-file runs per
# tool, default 5), BENCH_BIG_LEN (default 1073741824), BENCH_BUILD_REPS (default 5),
# FULL_SPEC (default ../shared/openapi/openai-openapi.yml), BENCH_NOOPT=0 to skip the
# user crate without the workspace's opt-level overrides.
#
# Everything listens on and talks to 127.0.0.1 only. Nothing under version control is
# modified: scratch crates live in target/bench-build/, the repository copy in /tmp.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=${BENCH_OUT:-$ROOT/target/bench-results}
REPS=${BENCH_REPS:-5}
BIG_LEN=${BENCH_BIG_LEN:-1073741824}
BUILD_REPS=${BENCH_BUILD_REPS:-5}
FULL_SPEC=${FULL_SPEC:-$ROOT/../shared/openapi/openai-openapi.yml}
KEY=sk-bench-key
SECTIONS=("$@")
[ ${#SECTIONS[@]} -eq 0 ] && SECTIONS=(overhead large many build)
mkdir -p "$OUT"
RESULTS=$OUT/results.txt
SCRIPT_START=$(date +%s)

PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -f "$ROOT"/target/bench-out/*.jsonl "$ROOT"/target/bench-out/.*.partial-* 2>/dev/null || true
}
trap cleanup EXIT

log() { echo "$*" | tee -a "$RESULTS"; }
want() { local s; for s in "${SECTIONS[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }
now_ns() { date +%s%N; }
# median and minimum of numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "nan"} else if (NR%2) {print a[(NR+1)/2]} else {printf "%.6g\n", (a[NR/2]+a[NR/2+1])/2}}'; }
minimum() { sort -g | head -1; }
maximum() { sort -g | tail -1; }
kv() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" | head -1; } # value of key=... in a RESULT line

need_tools() {
    local missing=()
    command -v curl >/dev/null || missing+=(curl)
    [ -x /usr/bin/time ] || missing+=(time)
    command -v jq >/dev/null || missing+=(jq)
    if [ ${#missing[@]} -gt 0 ]; then
        echo "installing ${missing[*]}" >&2
        apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

start_server() { # $@: bench_server arguments; sets URL
    local log=$OUT/server.log
    target/release/examples/bench_server --api-key "$KEY" "$@" >"$log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 1 600); do
        URL=$(head -1 "$log" 2>/dev/null || true)
        case "$URL" in http://*) return 0 ;; esac
        sleep 0.1
    done
    echo "bench_server did not start: $(cat "$log")" >&2
    exit 1
}

: >"$RESULTS"
need_tools
log "# benchmark run $(date -u +%Y-%m-%dT%H:%M:%SZ), sections: ${SECTIONS[*]}"
log "machine: nproc=$(nproc) cpu='$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')' mem='$(free -h | awk '/^Mem:/ {print $2}')' rustc='$(rustc --version)' load='$(cut -d' ' -f1-3 /proc/loadavg)'"

if want overhead || want large || want many; then
    echo "== building (release)" >&2
    cargo build --release -q -p generated-client --bins --examples --bench workflow_overhead
    start_server --big-len "$BIG_LEN" --big-mem
    log "server: $URL (bench_server, 1 worker thread, separate process)"
fi

# ---------------------------------------------------------------------------------------
if want overhead; then
    echo "== overhead" >&2
    for rt in multi current; do
        BENCH_RUNTIME=$rt BENCH_BASE_URL=$URL cargo bench -q -p generated-client --bench workflow_overhead -- "overhead_$rt" \
            2>&1 | tee "$OUT/overhead-$rt.txt" >&2
        for f in generated handwritten; do
            est=target/criterion/overhead_$rt/$f/new/estimates.json
            log "RESULT criterion runtime=$rt variant=$f mean_us=$(jq '.mean.point_estimate/1000*100|round/100' "$est") median_us=$(jq '.median.point_estimate/1000*100|round/100' "$est") mean_ci95_us=[$(jq '.mean.confidence_interval.lower_bound/1000*100|round/100' "$est"),$(jq '.mean.confidence_interval.upper_bound/1000*100|round/100' "$est")]"
        done
        g=$(jq '.median.point_estimate' "target/criterion/overhead_$rt/generated/new/estimates.json")
        h=$(jq '.median.point_estimate' "target/criterion/overhead_$rt/handwritten/new/estimates.json")
        log "RESULT criterion_ratio runtime=$rt median_generated_over_handwritten=$(awk -v g="$g" -v h="$h" 'BEGIN {printf "%.4f", g/h}')"
        grep '^RESULT' "$OUT/overhead-$rt.txt" | tee -a "$RESULTS"
        # where the difference goes (interleaved variants), and context switches per call
        target/release/examples/bench_overhead_breakdown --base-url "$URL" --runtime "$rt" --rounds 20 | tee -a "$RESULTS"
    done
    if command -v perf >/dev/null && perf stat -e context-switches true >/dev/null 2>&1; then
        for rt in multi current; do
            for v in handwritten generated; do
                perf stat -x, -e context-switches -o "$OUT/perf.tmp" target/release/examples/bench_overhead_breakdown \
                    --base-url "$URL" --only "$v" --runtime "$rt" --rounds 10 --block 1000 >/dev/null
                log "RESULT context_switches runtime=$rt variant=$v per_call=$(awk -F, '/context-switches/ {printf "%.2f", $1/10000}' "$OUT/perf.tmp")"
            done
        done
    fi
fi

# ---------------------------------------------------------------------------------------
if want large; then
    echo "== large" >&2
    DIR=$ROOT/target/bench-out
    mkdir -p "$DIR"
    auth="Authorization: Bearer $KEY"
    run_timed() { # name file cmd...: appends "secs rss_kib" to $OUT/large-$name.txt
        local name=$1 file=$2
        shift 2
        sync
        local t0 t1
        t0=$(now_ns)
        /usr/bin/time -f "%M" -o "$OUT/time.tmp" "$@" >"$OUT/last.out" 2>&1 || {
            echo "$name failed: $(cat "$OUT/last.out")" >&2
            exit 1
        }
        t1=$(now_ns)
        local size
        size=$(stat -c %s "$file")
        [ "$size" = "$BIG_LEN" ] || { echo "$name wrote $size bytes, expected $BIG_LEN" >&2; exit 1; }
        echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b-a)/1e9}') $(tail -1 "$OUT/time.tmp")" >>"$OUT/large-$name.txt"
    }
    for variant in big big_mem; do
        file_id=file-${variant//_/-}
        rm -f "$OUT"/large-*.txt
        for rep in $(seq 1 "$REPS"); do
            run_timed curl "$DIR/curl.jsonl" curl -sS --fail -o "$DIR/curl.jsonl" -H "$auth" "$URL/files/$file_id/content"
            rm -f "$DIR/curl.jsonl"
            run_timed curl_sync "$DIR/curl.jsonl" sh -c "curl -sS --fail -o '$DIR/curl.jsonl' -H '$auth' '$URL/files/$file_id/content' && sync '$DIR/curl.jsonl'"
            [ "$rep" = 1 ] || rm -f "$DIR/curl.jsonl" # rep 1: kept to compare the bytes
            run_timed library "$DIR/lib.jsonl" target/release/examples/bench_download --base-url "$URL" --api-key "$KEY" \
                --batch-id "batch_$variant" --output "$DIR/lib.jsonl"
            [ "$rep" = 1 ] && cmp "$DIR/curl.jsonl" "$DIR/lib.jsonl"
            rm -f "$DIR/lib.jsonl"
            run_timed library_sync "$DIR/lib.jsonl" target/release/examples/bench_download --base-url "$URL" --api-key "$KEY" \
                --batch-id "batch_$variant" --output "$DIR/lib.jsonl" --sync
            rm -f "$DIR/lib.jsonl"
            run_timed cli "$DIR/cli.jsonl" target/release/openai-batch-results --base-url "$URL" --api-key "$KEY" \
                --batch-id "batch_$variant" --output "$DIR/cli.jsonl"
            [ "$rep" = 1 ] && cmp "$DIR/curl.jsonl" "$DIR/cli.jsonl"
            rm -f "$DIR/cli.jsonl" "$DIR/curl.jsonl"
        done
        for name in curl curl_sync library library_sync cli; do
            f=$OUT/large-$name.txt
            med=$(cut -d' ' -f1 "$f" | median)
            best=$(cut -d' ' -f1 "$f" | minimum)
            rss=$(cut -d' ' -f2 "$f" | maximum)
            log "RESULT large file=$variant tool=$name runs=$REPS median_s=$med min_s=$best median_mib_s=$(awk -v s="$med" -v n="$BIG_LEN" 'BEGIN {printf "%.0f", n/s/1048576}') peak_rss_kib=$rss all_s=[$(cut -d' ' -f1 "$f" | paste -sd,)]"
            eval "med_$name=$med"
        done
        # throughput ratio x/curl = t_curl / t_x
        log "RESULT large_ratio file=$variant library_vs_curl=$(awk -v a="$med_curl" -v b="$med_library" 'BEGIN {printf "%.3f", a/b}') library_sync_vs_curl_sync=$(awk -v a="$med_curl_sync" -v b="$med_library_sync" 'BEGIN {printf "%.3f", a/b}') cli_vs_curl_sync=$(awk -v a="$med_curl_sync" -v b="$med_cli" 'BEGIN {printf "%.3f", a/b}') cli_vs_curl=$(awk -v a="$med_curl" -v b="$med_cli" 'BEGIN {printf "%.3f", a/b}')"
    done
    rm -f "$DIR"/*.jsonl
fi

# ---------------------------------------------------------------------------------------
if want many; then
    echo "== many" >&2
    /usr/bin/time -v -o "$OUT/many-time.txt" target/release/examples/bench_many --base-url "$URL" --api-key "$KEY" \
        --concurrency 1000 --rounds 5 | tee "$OUT/many.txt" >&2
    grep '^RESULT\|^client' "$OUT/many.txt" | tee -a "$RESULTS"
    log "RESULT many_time_v max_rss_kib=$(awk -F': ' '/Maximum resident/ {print $2}' "$OUT/many-time.txt") wall='$(awk -F': ' '/Elapsed/ {print $2}' "$OUT/many-time.txt")'"
fi

# ---------------------------------------------------------------------------------------
if want build; then
    echo "== build" >&2
    [ -f "$FULL_SPEC" ] || { echo "no full spec at $FULL_SPEC" >&2; exit 1; }
    BB=$ROOT/target/bench-build
    export CARGO_TARGET_DIR=$BB/target
    mkdir -p "$BB"
    # The user crate: a copy of the seed workflow next to the full spec, expanded with
    # `client = generated_client` (this repository's, by path).
    make_user_crate() { # dir with_overrides
        local dir=$1 overrides=$2
        mkdir -p "$dir/src" "$dir/workflows" "$dir/openapi"
        cp workflows/openai-download-batch-results-workflow.yml "$dir/workflows/"
        cmp -s "$FULL_SPEC" "$dir/openapi/openai-openapi-master.yml" || cp "$FULL_SPEC" "$dir/openapi/openai-openapi-master.yml"
        cp Cargo.lock "$dir/Cargo.lock"
        {
            echo "[package]"
            echo "name = \"$(basename "$dir")\""
            printf 'version = "0.0.0"\nedition = "2024"\npublish = false\n\n'
            echo "[dependencies]"
            echo "arazzo-macros = { path = \"$ROOT/arazzo-macros\" }"
            echo "generated-client = { path = \"$ROOT/generated-client\" }"
            printf '\n[workspace]\n'
            if [ "$overrides" = yes ]; then
                # the same overrides as this workspace's Cargo.toml
                sed -n '/^\[profile\./,$p' Cargo.toml
            fi
        } >"$dir/Cargo.toml.new"
        cmp -s "$dir/Cargo.toml.new" "$dir/Cargo.toml" || mv "$dir/Cargo.toml.new" "$dir/Cargo.toml"
        rm -f "$dir/Cargo.toml.new"
    }
    set_lib() { # dir macro|baseline|expanded [expansion file]
        {
            printf '//! Scratch crate of scripts/bench.sh.\n#![allow(dead_code)]\npub use generated_client as client;\n'
            case $2 in
            macro) echo 'arazzo_macros::arazzo_workflow!("workflows/openai-download-batch-results-workflow.yml", client = generated_client);' ;;
            baseline) echo '// arazzo_macros::arazzo_workflow!("workflows/openai-download-batch-results-workflow.yml", client = generated_client);' ;;
            expanded) cat "$3" ;; # the macro's output, pasted (no macro call)
            esac
        } >"$1/src/lib.rs"
    }
    timed_build() { # dir [env...]: prints seconds of `cargo build` after touching src/lib.rs
        local dir=$1 t0 t1
        shift
        touch "$dir/src/lib.rs"
        t0=$(now_ns)
        (cd "$dir" && env "$@" cargo build -q --offline)
        t1=$(now_ns)
        awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f\n", (b-a)/1e9}'
    }
    # rustc's own account (-Z time-passes, through RUSTC_BOOTSTRAP=1 on the stable
    # compiler; a diagnostic only): the `macro_expand_crate` pass of the user crate's
    # rustc command (taken from `cargo build -v`, outputs redirected to a scratch folder),
    # for the macro without and with the cache and for the pasted expansion; each run
    # three times on its own incremental folder (the last two reuse it), median.
    time_passes() { # dir label
        local dir=$1 label=$2 cmd variant i scratch=$OUT/time-passes
        rm -rf "$scratch"
        mkdir -p "$scratch/out"
        touch "$dir/src/lib.rs"
        cmd=$(cd "$dir" && cargo build -v --offline 2>&1 | grep -F -- "--crate-name $(basename "$dir" | tr - _) " | sed -n 's/^ *Running `\(.*\)`$/\1/p' | tail -1)
        [ -n "$cmd" ] || { echo "   (no rustc command found; time-passes skipped)" >&2; return 0; }
        cmd=$(echo "$cmd" | sed -e "s#--out-dir [^ ]*#--out-dir $scratch/out#" -e 's/--error-format=json//' -e 's/--json=[^ ]*//')
        cp "$dir/src/lib.rs" "$scratch/lib.rs.macro"
        for variant in macro_cold macro_warm pasted; do
            case $variant in
            pasted) set_lib "$dir" expanded "$OUT/expansion-$label.rs" ;;
            *) cp "$scratch/lib.rs.macro" "$dir/src/lib.rs" ;;
            esac
            : >"$scratch/$variant.txt"
            for i in 1 2 3; do
                (cd "$dir" && if [ $variant = macro_cold ]; then export ARAZZO_CACHE_DIR=off; fi &&
                    eval "CARGO_MANIFEST_DIR='$dir' RUSTC_BOOTSTRAP=1 $(echo "$cmd" | sed "s#-C incremental=[^ ]*#-C incremental=$scratch/inc-$variant#") -Z time-passes" 2>&1 |
                    awk '$NF == "macro_expand_crate" {print $2+0}' | head -1 >>"$scratch/$variant.txt")
            done
        done
        cp "$scratch/lib.rs.macro" "$dir/src/lib.rs"
        local mc mw p
        mc=$(tail -2 "$scratch/macro_cold.txt" | median)
        mw=$(tail -2 "$scratch/macro_warm.txt" | median)
        p=$(tail -2 "$scratch/pasted.txt" | median)
        log "RESULT time_passes crate=$label macro_expand_crate_s: macro_cold=$mc macro_warm=$mw pasted=$p arazzo_cold=$(awk -v x="$mc" -v y="$p" 'BEGIN {printf "%.3f", x-y}') arazzo_warm=$(awk -v x="$mw" -v y="$p" 'BEGIN {printf "%.3f", x-y}')"
    }
    measure_user_crate() { # dir label
        local dir=$1 label=$2 i v
        set_lib "$dir" baseline
        echo "   $label: first build (dependencies, untimed)" >&2
        (cd "$dir" && cargo build -q --offline)
        : >"$OUT/build-$label-baseline.txt"
        for i in $(seq 1 "$BUILD_REPS"); do timed_build "$dir" >>"$OUT/build-$label-baseline.txt"; done
        set_lib "$dir" macro
        (cd "$dir" && cargo build -q --offline) # fills the cache, warms incremental state
        # the same code without the macro: the cached expansion pasted into lib.rs
        local expansion
        expansion=$(grep -lF "$dir/workflows/" "$CARGO_TARGET_DIR"/arazzo-cache/*.rs | head -1)
        cp "$expansion" "$OUT/expansion-$label.rs"
        set_lib "$dir" expanded "$OUT/expansion-$label.rs"
        (cd "$dir" && cargo build -q --offline)
        : >"$OUT/build-$label-expanded.txt"
        for i in $(seq 1 "$BUILD_REPS"); do timed_build "$dir" >>"$OUT/build-$label-expanded.txt"; done
        # warm and cold each in a block of their own: a cached expansion's tokens carry
        # other spans than a fresh one, so alternating them would defeat incremental reuse
        set_lib "$dir" macro
        (cd "$dir" && cargo build -q --offline) # cache hit; warms incremental state
        : >"$OUT/build-$label-warm.txt"
        for i in $(seq 1 "$BUILD_REPS"); do timed_build "$dir" >>"$OUT/build-$label-warm.txt"; done
        (cd "$dir" && touch src/lib.rs && ARAZZO_CACHE_DIR=off cargo build -q --offline)
        : >"$OUT/build-$label-cold.txt"
        for i in $(seq 1 "$BUILD_REPS"); do timed_build "$dir" ARAZZO_CACHE_DIR=off >>"$OUT/build-$label-cold.txt"; done
        time_passes "$dir" "$label"
        local b e c w
        b=$(median <"$OUT/build-$label-baseline.txt")
        e=$(median <"$OUT/build-$label-expanded.txt")
        c=$(median <"$OUT/build-$label-cold.txt")
        w=$(median <"$OUT/build-$label-warm.txt")
        sub() { awk -v x="$1" -v y="$2" 'BEGIN {printf "%.3f", x-y}'; }
        log "RESULT user_crate_rebuild crate=$label reps=$BUILD_REPS baseline_s=$b expanded_s=$e cold_s=$c warm_s=$w macro_cold_s=$(sub "$c" "$e") macro_warm_s=$(sub "$w" "$e") cold_minus_baseline_s=$(sub "$c" "$b") warm_minus_baseline_s=$(sub "$w" "$b")"
        for v in baseline expanded cold warm; do
            log "  $label $v: [$(paste -sd, "$OUT/build-$label-$v.txt")]"
        done
    }

    UC=$BB/user-crate
    make_user_crate "$UC" yes
    # (a) expand itself, in process, for reference: debug (workspace overrides) and release
    echo "   expand in process" >&2
    (unset CARGO_TARGET_DIR; cargo run -q -p generated-client --example bench_expand -- \
        "$UC/workflows/openai-download-batch-results-workflow.yml" --iterations 5) | tee -a "$RESULTS"
    (unset CARGO_TARGET_DIR; cargo run -q --release -p generated-client --example bench_expand -- \
        "$UC/workflows/openai-download-batch-results-workflow.yml" --iterations 5) | tee -a "$RESULTS"
    # (b) what a user sees: touch + cargo build of a crate using the macro, debug
    measure_user_crate "$UC" user-crate
    if [ "${BENCH_NOOPT:-1}" != 0 ]; then
        # the same crate outside this workspace without its [profile.dev.package] overrides
        make_user_crate "$BB/user-crate-noopt" no
        measure_user_crate "$BB/user-crate-noopt" user-crate-noopt
    fi

    # (c) clean build of generated-client: 2-operation spec vs full spec, in a copy
    COPY=/tmp/arazzo-bench-repo
    echo "   clean builds of generated-client in $COPY" >&2
    mkdir -p "$COPY"
    tar -C "$ROOT" --exclude=./target --exclude=./.git -cf - . | tar -C "$COPY" -xf -
    cp "$ROOT/openapi/openai-openapi-master.yml" "$COPY/openapi/small.yml"
    (cd "$COPY" && cargo build -q --offline -p generated-client) # dependencies (untimed)
    : >"$OUT/clean-small.txt"
    : >"$OUT/clean-full.txt"
    for i in $(seq 1 "$BUILD_REPS"); do
        for spec in small full; do
            if [ $spec = small ]; then cp "$COPY/openapi/small.yml" "$COPY/openapi/openai-openapi-master.yml"; else cp "$FULL_SPEC" "$COPY/openapi/openai-openapi-master.yml"; fi
            rm -rf "$CARGO_TARGET_DIR/arazzo-cache"
            (cd "$COPY" && cargo clean -q -p generated-client)
            t0=$(now_ns)
            (cd "$COPY" && cargo build -q --offline -p generated-client)
            t1=$(now_ns)
            awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f\n", (b-a)/1e9}' >>"$OUT/clean-$spec.txt"
        done
    done
    s=$(median <"$OUT/clean-small.txt")
    f=$(median <"$OUT/clean-full.txt")
    log "RESULT clean_build_generated_client reps=$BUILD_REPS small_spec_s=$s full_spec_s=$f ratio=$(awk -v f="$f" -v s="$s" 'BEGIN {printf "%.3f", f/s}') all_small=[$(paste -sd, "$OUT/clean-small.txt")] all_full=[$(paste -sd, "$OUT/clean-full.txt")]"
    rm -rf "$COPY"
    unset CARGO_TARGET_DIR
fi

log "# done in $(($(date +%s) - SCRIPT_START)) s; results in $RESULTS"
