#!/usr/bin/env bash
# Builds pomclaw's libFuzzer targets (Fuzz/, with AddressSanitizer) and runs each one for a
# while on a copy of its seed corpus. Fails on any crash, failed property, hang, leak or
# out-of-memory, and says where the reproducer is.
#
#   scripts/fuzz.sh [seconds-per-target] [target…]     targets: dotenv zero (default: both)
#
# Environment: POMCLAW_FUZZ_WORK (scratch directory; default a new one under $TMPDIR, kept),
# POMCLAW_FUZZ_JOBS (parallel fuzzing processes per target; default 1).
set -euo pipefail
# A failed property is a fatalError: let libFuzzer report it, not the Swift backtracer.
export SWIFT_BACKTRACE=enable=no
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(dotenv zero)
[[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] || { echo "usage: $0 [seconds-per-target] [dotenv|zero…]" >&2; exit 2; }
for target in "${targets[@]}"; do
    [[ -d Fuzz/Corpus/$target ]] || { echo "unknown fuzz target: $target (known: dotenv zero)" >&2; exit 2; }
done

# Every module, PomclawCore included, gets libFuzzer's coverage and ASan. SwiftPM defines the
# executables' `main` itself, so the targets start libFuzzer's driver from their own main;
# lld links them (gold fails on these objects).
build_flags=(--package-path Fuzz --scratch-path .build-fuzz -c release
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld)
work=${POMCLAW_FUZZ_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/pomclaw-fuzz.XXXXXX")}
mkdir -p "$work"
started=$SECONDS
# One product at a time: a plain `swift build` of Fuzz/ would build every target of the
# main package as well (the simulator's server stack among them).
for target in "${targets[@]}"; do
    if ! swift build "${build_flags[@]}" --product "fuzz-$target" >>"$work/build.log" 2>&1; then
        grep -v -e "which are unhandled" -e "/CMakeLists.txt$" "$work/build.log" | tail -n 40 >&2
        echo "FAIL: the fuzz build failed; full log: $work/build.log" >&2
        exit 1
    fi
done
bin=$(swift build "${build_flags[@]}" --show-bin-path)
echo "fuzz build: $((SECONDS - started)) s"

jobs=${POMCLAW_FUZZ_JOBS:-1}
failed=0
for target in "${targets[@]}"; do
    dir=$work/$target
    mkdir -p "$dir/corpus" "$dir/artifacts" "$dir/scratch"
    cp Fuzz/Corpus/"$target"/* "$dir/corpus/"
    echo "fuzzing $target for $seconds s (corpus and log in $dir)"
    options=(-max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -max_len=8192
        -print_final_stats=1 -artifact_prefix="$dir/artifacts/")
    status=0
    if [[ $jobs -gt 1 ]]; then
        (cd "$dir" && POMCLAW_FUZZ_SCRATCH=$dir/scratch "$bin/fuzz-$target" "${options[@]}" \
            -jobs="$jobs" -workers="$jobs" "$dir/corpus" >"$dir/log" 2>&1) || status=$?
        cat "$dir"/fuzz-*.log >>"$dir/log" 2>/dev/null || true
    else
        POMCLAW_FUZZ_SCRATCH=$dir/scratch "$bin/fuzz-$target" "${options[@]}" "$dir/corpus" \
            >"$dir/log" 2>&1 || status=$?
    fi
    grep -E "^(stat::|Done)|DONE" "$dir/log" | tail -n 8 || true
    reproducers=("$dir"/artifacts/*)
    if [[ $status -ne 0 || -e ${reproducers[0]} ]]; then
        failed=1
        grep -E "ERROR:|property failed|Fatal error|SUMMARY|ALARM|out-of-memory|leak" "$dir/log" | head -n 20 >&2 || true
        echo "FAIL: fuzz-$target exited with $status; full log: $dir/log" >&2
        for reproducer in "${reproducers[@]}"; do
            [[ -e $reproducer ]] && echo "  reproducer: $reproducer (re-run: $bin/fuzz-$target $reproducer)" >&2
        done
    else
        echo "ok: fuzz-$target, corpus now $(find "$dir/corpus" -type f | wc -l) inputs"
    fi
done
exit $failed
