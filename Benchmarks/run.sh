#!/usr/bin/env bash
# pomclaw's benchmark: drives the release `pomclaw` as a process against the Zero API simulator
# and the fake Docker host of the process tests, both with a latency model, and prints one row
# per scenario: wall time, Zero requests (reads, writes), docker calls and OpenClaw CLI
# invocations (counted from `--verbose`), then `pomclaw --version` start-up, peak memory and
# the binary's size.
#
# Usage: Benchmarks/run.sh [runs]        (runs per scenario, default 3; median shown)
#
# The latency model (override through the environment):
#   BENCH_ZERO_MS=120       every Zero API request (zero-sim --latency-ms)
#   BENCH_DOCKER_MS=150     every docker call (FAKE_DOCKER_LATENCY_MS; the fake's own Python
#                           start-up counts towards it rather than adding to it)
#   BENCH_OPENCLAW_MS=1200  every OpenClaw CLI invocation inside `exec` (FAKE_DOCKER_OPENCLAW_MS)
#   BENCH_BUILD_MS=30000    the gateway image build (FAKE_DOCKER_BUILD_MS)
#   BENCH_RESTART_MS=3000   a gateway restart after a config write, in its process: nothing
#                           listens for that long (FAKE_DOCKER_GATEWAY_RESTART_MS)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}

swift build -c release --product pomclaw >/dev/null
swift build -c release --product zero-sim >/dev/null
bin=$(swift build -c release --show-bin-path)

work=$(mktemp -d)
sim_pid=
trap '[ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null; rm -rf "$work"' EXIT
umask 077
cat >"$work/fixture.json" <<'JSON'
{"organizations":[{"name":"personal","clusters":[{"name":"dog","domain":"trusted-dog-1049"}]}],
 "apiTokens":[{"token":"bench-api-token-0123456789","organizations":["personal"]}]}
JSON
printf 'bench-api-token-0123456789\n' >"$work/api.token"
printf 'bench-cluster-token-0123456789\n' >"$work/zero.token"

# A simulator with the fixture's cluster and nothing configured on it yet.
start_sim() {
    if [ -n "$sim_pid" ]; then
        kill "$sim_pid" 2>/dev/null || true
        wait "$sim_pid" 2>/dev/null || true
    fi
    rm -f "$work/sim.out"
    "$bin/zero-sim" --seed "$work/fixture.json" --latency-ms "${BENCH_ZERO_MS:-120}" >"$work/sim.out" 2>&1 &
    sim_pid=$!
    for _ in $(seq 50); do grep -q '^api base' "$work/sim.out" 2>/dev/null && break; sleep 0.1; done
    POMCLAW_ZERO_API=$(sed -n 's/^api base //p' "$work/sim.out")
    export POMCLAW_ZERO_API
}

# The fake Docker host: Tests/PomclawIntegrationTests/Fixtures/fake-docker/docker first on PATH.
mkdir "$work/bin"
cp Tests/PomclawIntegrationTests/Fixtures/fake-docker/docker "$work/bin/docker"
chmod 755 "$work/bin/docker"
export PATH="$work/bin:/usr/bin:/bin"
export FAKE_DOCKER_STATE="$work/docker-state.json"
export FAKE_DOCKER_OPENCLAW="$PWD/Tests/Docker/standin/openclaw/openclaw"
export FAKE_DOCKER_LATENCY_MS=${BENCH_DOCKER_MS:-150}
export FAKE_DOCKER_OPENCLAW_MS=${BENCH_OPENCLAW_MS:-1200}
export FAKE_DOCKER_BUILD_MS=${BENCH_BUILD_MS:-30000}
export FAKE_DOCKER_GATEWAY_RESTART_MS=${BENCH_RESTART_MS:-3000}
# The fake's call log: each line carries the gateway restarts so far.
export FAKE_DOCKER_LOG="$work/calls.jsonl"

# The gateway restarts the fake has counted so far (0 before any).
restarts() {
    [ -s "$FAKE_DOCKER_LOG" ] || { echo 0; return; }
    tail -n 1 "$FAKE_DOCKER_LOG" | python3 -c 'import json, sys; print(json.loads(sys.stdin.read()).get("gatewayRestarts") or 0)'
}

install_dir="$work/install"
email=ops@example.com

install() {
    "$bin/pomclaw" install --dir "$install_dir" --non-interactive --verbose \
        --api-token-file "$work/api.token" --zero-token-file "$work/zero.token" \
        --operator-email "$email" --cluster-domain trusted-dog-1049.pomerium.app \
        </dev/null 2>"$work/run.err" >/dev/null
}

status() {
    "$bin/pomclaw" status --dir "$install_dir" --verbose --api-token-file "$work/api.token" \
        </dev/null 2>"$work/run.err" >/dev/null
}

# One measured run of "$@": its wall time in ms and its counts, appended to $work/rows.<name>.
measure() {
    local name=$1
    shift
    local start end before
    before=$(restarts)
    start=$(date +%s%N)
    if ! "$@"; then
        echo "$name: the run failed:" >&2
        cat "$work/run.err" >&2
        exit 1
    fi
    end=$(date +%s%N)
    local log="$work/run.err"
    local zero reads docker openclaw
    zero=$(grep -c 'zero: ' "$log" || true)
    reads=$(grep 'zero: ' "$log" | grep -c -e 'zero: GET ' -e 'zero: POST /token' || true)
    docker=$(grep -c 'docker: ' "$log" || true)
    openclaw=$(grep 'docker: ' "$log" | grep -c ' openclaw-gateway openclaw ' || true)
    echo "$(( (end - start) / 1000000 )) $zero $reads $(( zero - reads )) $docker $openclaw $(( $(restarts) - before ))" \
        >>"$work/rows.$name"
    cp "$log" "$work/last.$name"
}

# The median row (by wall time) of a scenario.
median() {
    sort -n "$work/rows.$1" | sed -n "$(( ($(wc -l <"$work/rows.$1") + 1) / 2 ))p"
}

# Each fresh install starts from nothing: a new simulator, no install directory, no image.
for i in $(seq "$runs"); do
    start_sim
    rm -rf "$install_dir" "$FAKE_DOCKER_STATE" "$FAKE_DOCKER_LOG"
    measure fresh install
done
for i in $(seq "$runs"); do measure converged install; done
for i in $(seq "$runs"); do measure status status; done
for i in $(seq "$runs"); do
    email="ops$i@example.com"
    measure email install
done
for i in $(seq "$runs"); do
    sed -i '/^POMCLAW_POMERIUM_IP=/d' "$install_dir/.env"
    printf 'POMCLAW_POMERIUM_IP=172.30.0.%d\n' $(( 20 + i )) >>"$install_dir/.env"
    measure pomerium-ip install
done

printf '\nlatency model: Zero %s ms/request, docker %s ms/call, OpenClaw CLI %s ms/invocation, build %s ms, restart %s ms\n' \
    "${BENCH_ZERO_MS:-120}" "$FAKE_DOCKER_LATENCY_MS" "$FAKE_DOCKER_OPENCLAW_MS" "$FAKE_DOCKER_BUILD_MS" \
    "$FAKE_DOCKER_GATEWAY_RESTART_MS"
printf '%-20s %9s %13s %6s %6s %7s %7s %9s %9s\n' scenario "wall ms" "(min-max)" zero reads writes docker openclaw restarts
for name in fresh converged status email pomerium-ip; do
    read -r wall zero reads writes docker openclaw restarted <<<"$(median "$name")"
    runs_of=$(wc -l <"$work/rows.$name")
    range="$(sort -n "$work/rows.$name" | head -1 | cut -d' ' -f1)-$(sort -n "$work/rows.$name" | tail -1 | cut -d' ' -f1)"
    printf '%-20s %9s %13s %6s %6s %7s %7s %9s %9s\n' "$name ($runs_of)" "$wall" "($range)" "$zero" "$reads" "$writes" \
        "$docker" "$openclaw" "$restarted"
done

if [ -n "${BENCH_SHOW_CALLS:-}" ]; then
    for name in fresh converged status email pomerium-ip; do
        echo
        echo "calls of the last $name run:"
        grep -e 'zero: ' -e 'docker: ' "$work/last.$name" | sed -e 's/^.*zero: /  zero: /' -e 's/^.*docker: /  docker: /'
    done
fi

echo
start=$(date +%s%N)
for _ in $(seq 10); do "$bin/pomclaw" --version >/dev/null; done
end=$(date +%s%N)
echo "pomclaw --version: $(( (end - start) / 10000000 )) ms per start (mean of 10)," \
    "peak memory $(/usr/bin/time -f %M "$bin/pomclaw" --version 2>&1 >/dev/null | tail -1) KiB," \
    "binary $(( $(stat -c %s "$bin/pomclaw") / 1024 )) KiB"
