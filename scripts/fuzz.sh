#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets (preset `fuzz`, clang, ASan + UBSan) and fuzzes every file reader for
# FUZZ_SECONDS (default 60) each, starting from the stored corpus (tests/fuzz/corpus/<target>) and the real files of
# the shared data. Findings (crash, sanitizer report, > 5 s per input, > 2 GB) are written to
# build-fuzz/artifacts/<target>/; a summary line per target gives executions and findings.
#   FUZZ_TARGETS="onnx npy"  fuzz only these        FUZZ_SECONDS=600  longer runs
#   FUZZ_JOBS=2              fuzz that many targets at a time (one core each)
#   FUZZ_MERGE=1             afterwards, merge each run's new coverage (inputs under 64 KiB) into the stored corpus
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${FUZZ_SECONDS:-60}
JOBS=${FUZZ_JOBS:-1}
TARGETS=${FUZZ_TARGETS:-"onnx onnx_tensor keras2 keras1_json keras1_weights npy npz idx hdf5 netcdf structure zarr snapshots image session figure_spec labels"}
SHARED=${LANTERN_SHARED_DATA:-$(pwd)/../shared/data}
export LANTERN_SHARED_DATA=$SHARED
# As in `make sanitize`: allocations over 2 GB (HDF5 asks for 4 GB or 17 GB on corrupt headers) return null, which
# HDF5 reports as an error, as when glibc cannot provide them; a Lantern allocation that large still throws bad_alloc,
# which the targets report as a finding. Leaks: the suppressions of `make sanitize`.
export ASAN_OPTIONS=${ASAN_OPTIONS:-allocator_may_return_null=1:max_allocation_size_mb=2048:detect_stack_use_after_return=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$(pwd)/tests/sanitizers/lsan.supp}
export QT_QPA_PLATFORM=offscreen OMP_NUM_THREADS=1

mkdir -p build-fuzz
cmake --preset fuzz -DLANTERN_SHARED_DATA="$SHARED" > build-fuzz/configure.log 2>&1 || { cat build-fuzz/configure.log; exit 1; }
cmake --build build-fuzz --target fuzz_all

fuzzOne() {
    local t=$1 work=build-fuzz/corpus/$1 art=build-fuzz/artifacts/$1 log=build-fuzz/fuzz-$1.log
    mkdir -p "$work" "$art"
    # seeds: the stored corpus and the shared data's real files, named by content as libFuzzer names inputs
    for f in tests/fuzz/corpus/$t/* $(cat build-fuzz/tests/fuzz/seeds/$t.txt 2>/dev/null); do
        [ -f "$f" ] && cp -f "$f" "$work/$(sha1sum "$f" | cut -c1-40)"
    done
    local rc=0 start=$SECONDS
    build-fuzz/tests/fuzz/fuzz_$t -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=5 -print_final_stats=1 \
        -artifact_prefix="$art/" -close_fd_mask=1 "$work" > "$log" 2>&1 || rc=$?
    local execs findings
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
    findings=$(find "$art" -type f | wc -l)
    echo "$t: ${execs:-?} executions in $((SECONDS - start)) s, $findings finding(s) in $art, exit $rc" > "build-fuzz/summary-$t.txt"
    cat "build-fuzz/summary-$t.txt"
    if [ "${FUZZ_MERGE:-0}" = 1 ]; then
        local merged=build-fuzz/merged/$t
        rm -rf "$merged" && mkdir -p "$merged" tests/fuzz/corpus/$t
        build-fuzz/tests/fuzz/fuzz_$t -merge=1 -max_len=65536 -rss_limit_mb=2048 -timeout=5 "$merged" \
            tests/fuzz/corpus/$t "$work" >> "$log" 2>&1 || true
        # new inputs only: not the shared data's own files (ctest replays those from the shared data)
        local seeds
        seeds=$(for f in $(cat build-fuzz/tests/fuzz/seeds/$t.txt 2>/dev/null); do [ -f "$f" ] && sha1sum "$f" | cut -c1-40; done)
        for f in $(find "$merged" -type f -size -64k); do
            grep -qx "$(basename "$f")" <<< "$seeds" || cp -n "$f" tests/fuzz/corpus/$t/
        done
    fi
}

running=0
for t in $TARGETS; do
    echo "== fuzz_$t for ${SECONDS_EACH}s (log build-fuzz/fuzz-$t.log)"
    fuzzOne "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$JOBS" ]; then
        wait -n || true
        running=$((running - 1))
    fi
done
wait
echo
for t in $TARGETS; do cat "build-fuzz/summary-$t.txt"; done
