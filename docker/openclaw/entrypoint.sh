#!/bin/sh
# pomclaw's entrypoint for the openclaw-gateway container; runs as root at every start.
#
#   1. Makes the OpenClaw home usable by claw (the bind mount hides the image's folders),
#      including the config file pomclaw writes before the first start (as the host user).
#   2. Gives this container its own sshd host keys, on its first start.
#   3. Reads the gateway config in one call and writes only what the gateway needs to start,
#      in one write: gateway.mode=local when unset, and when no auth is configured (no
#      password, no token, auth mode not trusted-proxy) a random temporary
#      gateway.auth.password, without which the gateway refuses to bind and exits 78. pomclaw
#      writes the complete trusted-proxy config before the first start, so normally there is
#      nothing to write; the password is for a config without auth (nobody uses it: pomclaw
#      switches the gateway to trusted-proxy auth, which removes it). Trusted-proxy settings,
#      origins and device auth are pomclaw's to converge, never this script's.
#   4. Starts sshd, then runs the gateway as claw.
#
# Every OpenClaw call runs as claw with an argument list (never a shell string); its errors
# are shown in the container log, never discarded. No secret is ever in an argument list.
set -eu

say() { printf '[entrypoint] %s\n' "$*"; }
fail() {
    printf '[entrypoint] error: %s\n' "$*" >&2
    exit 1
}
openclaw_as_claw() { runuser -u claw -- openclaw "$@"; }

errors="$(mktemp /tmp/entrypoint-errors.XXXXXX)"
batch=""
cleanup() { rm -f "$errors" ${batch:+"$batch"}; }
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# 1. Only these three, not recursively: the workspace (OpenClaw's default place,
# ~/.openclaw/workspace, where compose.yaml mounts openclaw-data/workspace) is the user's, left
# as it is. The config file too, when it is a regular file (never through a symbolic link):
# pomclaw writes it before the first start, owned by the host user and readable by all (it
# holds no secret), and OpenClaw keeps it private to claw.
mkdir -p /claw/.openclaw /claw/.openclaw/workspace
chown claw:claw /claw /claw/.openclaw /claw/.openclaw/workspace
config=/claw/.openclaw/openclaw.json
if [ -f "$config" ] && [ ! -L "$config" ]; then
    chown claw:claw "$config"
    chmod 0600 "$config"
fi

# 2. ssh-keygen -A makes only the host keys that are missing.
ssh-keygen -A

# 3. The gateway config, read once. "Config path not found" (exit 1) means nothing is set:
# on stderr, or — from OpenClaw 2026.8.1, with --json — as {"error": …} on stdout
# (openclaw-versions.md §6, `config get`).
if gateway="$(openclaw_as_claw config get gateway --json 2>"$errors")"; then
    cat "$errors" >&2
elif grep -q 'Config path not found' "$errors" || printf '%s\n' "$gateway" | grep -q 'Config path not found'; then
    gateway='{}'
else
    cat "$errors" >&2
    fail "cannot read the OpenClaw gateway config (above). Repair it with" \
        "\`docker compose run --rm --no-deps -u claw --entrypoint openclaw openclaw-gateway doctor --fix\`," \
        "then \`docker compose restart openclaw-gateway\`."
fi

missing="$(printf '%s\n' "$gateway" | jq -r '
    (if type == "object" then . else {} end) as $g
    | [ (if ($g.mode // "") == "" then "mode" else empty end),
        (if ($g.auth.password // "") == "" and ($g.auth.token // "") == ""
            and ($g.auth.mode // "") != "trusted-proxy" then "password" else empty end) ]
    | join(" ")')" || fail "the OpenClaw gateway config is not JSON: $gateway"

operations=""
for item in $missing; do
    case "$item" in
    mode)
        say "Setting gateway.mode=local (the gateway starts only with it)"
        operations="${operations:+$operations,}{\"path\":\"gateway.mode\",\"value\":\"local\"}"
        ;;
    password)
        say "First boot: setting a temporary gateway.auth.password so the gateway can start"
        # 32 random bytes, base64: only [A-Za-z0-9+/=], so it needs no escaping in JSON.
        password="$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
        operations="${operations:+$operations,}{\"path\":\"gateway.auth.password\",\"value\":\"$password\"}"
        password=""
        ;;
    esac
done

if [ -n "$operations" ]; then
    # The operations may hold the password: they go to a file only claw can read (mktemp
    # makes it 0600; printf is a shell builtin, so they are in no process's arguments).
    batch="$(mktemp /tmp/entrypoint-batch.XXXXXX)"
    chown claw:claw "$batch"
    printf '[%s]\n' "$operations" >"$batch"
    operations=""
    attempt=1
    # Another writer (pomclaw) may change the file meanwhile: the CLI then refuses the write
    # and changes nothing; run it again, a few times.
    until openclaw_as_claw config set --batch-file "$batch" 2>"$errors"; do
        if [ "$attempt" -ge 5 ] || ! grep -Eq \
            'ConfigMutationConflictError|config changed since last load|changed while this command was writing' \
            "$errors"; then
            cat "$errors" >&2
            fail "cannot write the OpenClaw gateway config (above)."
        fi
        say "The config changed while writing it; trying again ($attempt/5)"
        sleep "$attempt"
        attempt=$((attempt + 1))
    done
    rm -f "$batch"
    batch=""
fi
rm -f "$errors"

# 4. sshd trusts certificates from Pomerium's User CA; without the CA key, SSH logins fail
# but the web side still works, so the gateway starts anyway.
if [ ! -r /var/lib/pomerium/pomerium_user_ca_key.pub ]; then
    say "warning: /var/lib/pomerium/pomerium_user_ca_key.pub is missing: SSH logins will fail until" \
        "pomclaw installs it (openclaw-data/pomerium-ssh in the install directory)"
fi
mkdir -p /run/sshd
/usr/sbin/sshd || say "warning: sshd did not start (above): SSH logins will fail"

say "Starting the OpenClaw gateway"
trap - EXIT TERM INT
exec runuser -u claw -- openclaw gateway
