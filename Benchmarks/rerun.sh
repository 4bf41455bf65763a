#!/usr/bin/env bash
# Measures a converged re-run of `pomclaw install` against the Zero API simulator and the fake
# Docker host of the process tests (no latency added to either): how many Zero API requests,
# docker calls and OpenClaw CLI invocations it makes and how long it takes.
# Usage: Benchmarks/rerun.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}

swift build -c release --product pomclaw >/dev/null
swift build -c release --product zero-sim >/dev/null
bin=$(swift build -c release --show-bin-path)

work=$(mktemp -d)
trap 'kill "$sim_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
umask 077
cat >"$work/fixture.json" <<'JSON'
{"organizations":[{"name":"personal","clusters":[{"name":"dog","domain":"trusted-dog-1049"}]}],
 "apiTokens":[{"token":"bench-api-token-0123456789","organizations":["personal"]}]}
JSON
printf 'bench-api-token-0123456789\n' >"$work/api.token"
printf 'bench-cluster-token-0123456789\n' >"$work/zero.token"

"$bin/zero-sim" --seed "$work/fixture.json" >"$work/sim.out" 2>&1 &
sim_pid=$!
for _ in $(seq 50); do grep -q '^api base' "$work/sim.out" 2>/dev/null && break; sleep 0.1; done
export POMCLAW_ZERO_API=$(sed -n 's/^api base //p' "$work/sim.out")

# The fake Docker host: Tests/PomclawIntegrationTests/Fixtures/fake-docker/docker first on PATH.
mkdir "$work/bin"
cp Tests/PomclawIntegrationTests/Fixtures/fake-docker/docker "$work/bin/docker"
chmod 755 "$work/bin/docker"
export PATH="$work/bin:/usr/bin:/bin"
export FAKE_DOCKER_STATE="$work/docker-state.json"
export FAKE_DOCKER_OPENCLAW="$PWD/Tests/Docker/standin/openclaw/openclaw"

install() {
    "$bin/pomclaw" install --dir "$work/install" --non-interactive --verbose \
        --api-token-file "$work/api.token" --zero-token-file "$work/zero.token" \
        --operator-email ops@example.com --cluster-domain trusted-dog-1049.pomerium.app \
        </dev/null 2>"$work/run.err" >/dev/null
}

counts() {
    echo "$(grep -c 'zero: ' "$work/run.err") Zero API requests," \
        "$(grep -c 'docker: ' "$work/run.err") docker calls," \
        "$(grep 'docker: ' "$work/run.err" | grep -c ' openclaw-gateway openclaw ' || true) OpenClaw CLI invocations"
}

start=$(date +%s%N); install; end=$(date +%s%N)
echo "first install: $(counts), $(( (end - start) / 1000000 )) ms"

times=()
for i in $(seq "$runs"); do
    start=$(date +%s%N); install; end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
    requests=$(grep -c 'zero: ' "$work/run.err")
    writes=$(grep 'zero: ' "$work/run.err" | grep -vc -e 'zero: GET ' -e 'zero: POST /token' || true)
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "converged re-run ($runs runs): $(counts) ($writes Zero writes)," \
    "min ${sorted[0]} ms, median ${sorted[$(( runs / 2 ))]} ms, max ${sorted[$(( runs - 1 ))]} ms"
grep -e 'zero: ' -e 'docker: ' "$work/run.err" | sed -e 's/^.*zero: /  zero: /' -e 's/^.*docker: /  docker: /'
