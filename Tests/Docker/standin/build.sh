#!/usr/bin/env bash
# Builds the stand-in images the stack tests run instead of the published ones (no image
# registry is needed): a minimal Debian bookworm base made with debootstrap from
# deb.debian.org, then images tagged exactly as compose.yaml names them:
#   openclaw:<version>            the real docker/openclaw/entrypoint.sh + a Python `openclaw`
#                                 playing that OpenClaw release, one per version asked for
#   pomerium/pomerium:<tag>       an identity-adding HTTP proxy on 443 and a TCP relay on 22
#   pomerium/verify:<tag>         an HTTP server on 8000
#
# Idempotent and cached: the base image is made once; each stand-in is rebuilt only when its
# inputs (its folder, the entrypoint, the base image) changed since it was last built. The
# OpenClaw stand-in is one common image (pomclaw-standin/openclaw:common); each release is a
# one-file layer on it (its VERSION), so more releases cost a second or two each.
#
# Usage: Tests/Docker/standin/build.sh            (the releases the stack tests use: 2026.6.5,
#                                                  2026.7.1 and 2026.9.8; OPENCLAW_VERSIONS="…"
#                                                  or OPENCLAW_VERSION=… for others)
#        Tests/Docker/standin/build.sh --rebuild  (ignore the cache, debootstrap included)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
compose_file="$root/compose.yaml"

base_image="pomclaw-standin/debian:bookworm"
read -r -a openclaw_versions <<<"${OPENCLAW_VERSIONS:-${OPENCLAW_VERSION:-2026.6.5 2026.7.1 2026.9.8}}"
common_image="pomclaw-standin/openclaw:common"
# The pomerium and verify tags are read from compose.yaml, so a pin moves in one place.
pomerium_image="$(sed -n 's/^ *image: *\(pomerium\/pomerium:[^ ]*\) *$/\1/p' "$compose_file")"
verify_image="$(sed -n 's/^ *image: *\(pomerium\/verify:[^ ]*\) *$/\1/p' "$compose_file")"
label="org.pomclaw.standin.inputs"
rebuild=false
[[ "${1:-}" == "--rebuild" ]] && rebuild=true

# The legacy builder: it never contacts a registry for a FROM that exists locally.
export DOCKER_BUILDKIT=0

# Temporary folders, removed however the script ends.
scratch=()
trap 'rm -rf "${scratch[@]}"' EXIT

say() { printf '[standin] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

[[ -n "$pomerium_image" && -n "$verify_image" ]] || die "cannot read the pomerium and verify images from $compose_file"
docker info >/dev/null 2>&1 || die "no Docker engine answers \`docker info\`; start dockerd and re-run"

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }
image_id() { docker image inspect --format '{{.Id}}' "$1" 2>/dev/null || true; }

# Removes image ID unless it is empty or still TAG's (a build replaced it); an image still
# used by a container stays.
drop_replaced() {
    local old="$1" tag="$2"
    [[ -n "$old" && "$old" != "$(image_id "$tag")" ]] || return 0
    docker image rm "$old" >/dev/null 2>&1 || true
}

build_base() {
    if ! $rebuild && image_exists "$base_image"; then
        say "$base_image exists"
        return
    fi
    command -v debootstrap >/dev/null || die "debootstrap is missing (apt-get install debootstrap)"
    local previous
    previous="$(image_id "$base_image")"
    local rootfs
    rootfs="$(mktemp -d /tmp/pomclaw-standin-rootfs.XXXXXX)"
    scratch+=("$rootfs" "$rootfs.log")
    say "debootstrap bookworm (minbase) into $rootfs"
    debootstrap --variant=minbase \
        --include=python3,openssh-server,curl,jq,procps,wget,ca-certificates,util-linux \
        bookworm "$rootfs" http://deb.debian.org/debian >"$rootfs.log" 2>&1 \
        || { tail -n 30 "$rootfs.log" >&2; die "debootstrap failed (full log: $rootfs.log)"; }
    # Nothing of the build host's apt state or of the package install's host keys.
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/etc/ssh/ssh_host_*
    say "docker import $base_image"
    tar -C "$rootfs" -c . | docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        - "$base_image" >/dev/null
    drop_replaced "$previous" "$base_image"
}

# Hash of every file in the given paths plus the base image id: what a stand-in is made of.
inputs_hash() {
    {
        docker image inspect --format '{{.Id}}' "$base_image"
        find "$@" -type f -print0 | sort -z | xargs -0 sha256sum | sed "s|$root/||"
    } | sha256sum | cut -d' ' -f1
}

# up_to_date TAG HASH: true (and says so) when TAG carries an image made from inputs HASH.
up_to_date() {
    local current
    current="$(docker image inspect --format "{{index .Config.Labels \"$label\"}}" "$1" 2>/dev/null || true)"
    ! $rebuild && [[ "$current" == "$2" ]] && say "$1 is up to date"
}

# build_context TAG HASH CONTEXT [BUILD ARG…]: docker build CONTEXT as TAG, labelled with HASH;
# the image TAG carried before is removed unless still in use.
build_context() {
    local tag="$1" hash="$2" context="$3" previous
    shift 3
    previous="$(image_id "$tag")"
    local arguments=() argument
    for argument in "$@"; do arguments+=(--build-arg "$argument"); done
    say "docker build $tag"
    docker build --label "$label=$hash" "${arguments[@]}" -t "$tag" "$context" >"$context.log" 2>&1 \
        || { cat "$context.log" >&2; rm -f "$context.log"; die "docker build $tag failed"; }
    rm -f "$context.log"
    drop_replaced "$previous" "$tag"
}

# build_standin TAG FOLDER [EXTRA FILE…]: builds FOLDER (plus the extra files, copied into the
# context root) as TAG unless an image with the same inputs already carries TAG.
build_standin() {
    local tag="$1" folder="$2"
    shift 2
    local hash context extra
    hash="$(inputs_hash "$folder" "$@")"
    up_to_date "$tag" "$hash" && return
    context="$(mktemp -d /tmp/pomclaw-standin-context.XXXXXX)"
    scratch+=("$context")
    cp -R "$folder"/. "$context"/
    for extra in "$@"; do cp "$extra" "$context"/; done
    build_context "$tag" "$hash" "$context" "BASE=$base_image"
}

# build_release VERSION: openclaw:VERSION, the common stand-in playing that release, unless an
# image made from the same common image for the same version already carries the tag.
build_release() {
    local version="$1" tag="openclaw:$1" hash context
    [[ "$version" =~ ^[0-9]{4}\.[0-9]+\.[0-9]+(-[0-9]+)?$ ]] || die "not an OpenClaw release version (YYYY.M.N[-k]): $version"
    hash="$(printf '%s %s' "$(image_id "$common_image")" "$version" | sha256sum | cut -d' ' -f1)"
    up_to_date "$tag" "$hash" && return
    context="$(mktemp -d /tmp/pomclaw-standin-release.XXXXXX)"
    scratch+=("$context")
    cp "$here/openclaw/Dockerfile.release" "$context/Dockerfile"
    build_context "$tag" "$hash" "$context" "COMMON=$common_image" "OPENCLAW_VERSION=$version"
}

started=$SECONDS
build_base
build_standin "$common_image" "$here/openclaw" "$root/docker/openclaw/entrypoint.sh"
for version in "${openclaw_versions[@]}"; do
    build_release "$version"
done
build_standin "$pomerium_image" "$here/pomerium"
build_standin "$verify_image" "$here/verify"
say "stand-in images ready in $((SECONDS - started)) s:" \
    "${openclaw_versions[*]/#/openclaw:}, $pomerium_image, $verify_image"
