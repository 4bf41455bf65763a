#!/usr/bin/env bash
# Makes pomclaw's release files for one OS and architecture:
#
#   pomclaw-<version>-linux-<arch>.tar.gz          pomclaw, compose.yaml, docker/, .env.example,
#                                                  README.md in pomclaw-<version>-linux-<arch>/
#   pomclaw-<version>-linux-<arch>.tar.gz.sha256   its SHA-256, in sha256sum's format
#   install.sh                                     the one-line installer
#
# Usage: scripts/package.sh [--binary PATH] [--out DIR]
#
#   --binary PATH   package this pomclaw as it is instead of building one (its architecture
#                   names the tarball); by default a release build with the Swift standard
#                   library linked statically (swift build -c release --static-swift-stdlib),
#                   stripped
#   --out DIR       where the files go (default: dist/)
#
# The version is PomclawVersion.current (Sources/PomclawCLI/PomclawVersion.swift); install.sh
# must pin the same one. The archive is reproducible: names sorted, owner 0:0, every mtime
# the last commit's time (or SOURCE_DATE_EPOCH), gzip without a timestamp.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
binary=""
out="$root/dist"

fail() {
    printf 'package.sh: %s\n' "$1" >&2
    exit 1
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --binary)
            [[ $# -ge 2 ]] || fail "--binary needs a path"
            binary="$2"
            shift 2
            ;;
        --out)
            [[ $# -ge 2 ]] || fail "--out needs a directory"
            out="$2"
            shift 2
            ;;
        -h | --help)
            sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *) fail "unknown argument $1 (see --help)" ;;
    esac
done

version="$(sed -n 's/^ *public static let current = "\([^"]*\)".*/\1/p' "$root/Sources/PomclawCLI/PomclawVersion.swift")"
[[ -n "$version" ]] || fail "no version in Sources/PomclawCLI/PomclawVersion.swift"
# shellcheck disable=SC2016 # the pattern matches install.sh's text, ${…} included
pinned="$(sed -n 's/^ *local version="\${POMCLAW_VERSION:-\([^}]*\)}"$/\1/p' "$root/install.sh")"
[[ "$pinned" == "$version" ]] ||
    fail "install.sh pins pomclaw ${pinned:-nothing} but this is $version: set its version to $version"

if [[ -z "$binary" ]]; then
    started=$SECONDS
    (cd "$root" && swift build -c release --static-swift-stdlib --product pomclaw)
    printf 'package.sh: release build took %ss\n' "$((SECONDS - started))" >&2
    binary="$(cd "$root" && swift build -c release --static-swift-stdlib --show-bin-path)/pomclaw"
    release=1
else
    release=0
fi
[[ -f "$binary" && -x "$binary" ]] || fail "$binary is not an executable file"

# The architecture from the ELF header (e_machine), not from this machine.
header="$(od -An -tx1 -N20 -v "$binary" | tr -d ' \n')"
[[ "${header:0:8}" == "7f454c46" ]] || fail "$binary is not an ELF executable (pomclaw's releases are for Linux)"
case "${header:36:4}" in
    3e00) arch="x86_64" ;;
    b700) arch="aarch64" ;;
    *) fail "$binary is for an architecture pomclaw does not release (ELF machine ${header:36:4})" ;;
esac

# What the binary loads at run time must be what install.sh checks for.
libraries="$(sed -n 's/^ *local runtime_libraries="\([^"]*\)"$/\1/p' "$root/install.sh")"
[[ -n "$libraries" ]] || fail "install.sh lists no runtime_libraries"
if command -v readelf >/dev/null; then
    needed="$(LC_ALL=C readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p' | sort)"
elif [[ $release -eq 0 ]]; then
    printf 'package.sh: warning: readelf is missing (binutils): what pomclaw loads is not checked\n' >&2
    needed=""
else
    fail "readelf is missing: install binutils"
fi
unchecked=()
for library in $needed; do
    [[ "$library" == ld-linux-* ]] && continue # the dynamic linker: part of glibc, as libc.so.6 is
    [[ " $libraries " == *" $library "* ]] || unchecked+=("$library")
done
printf 'package.sh: pomclaw loads: %s\n' "$(tr '\n' ' ' <<<"$needed")" >&2
if [[ ${#unchecked[@]} -gt 0 ]]; then
    message="pomclaw also loads ${unchecked[*]}, which install.sh does not check for (runtime_libraries)"
    [[ $release -eq 0 ]] || fail "$message: link it statically or add it there"
    printf 'package.sh: warning: %s\n' "$message" >&2
fi

name="pomclaw-$version-linux-$arch"
tarball="$name.tar.gz"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
stage="$(mktemp -d "${TMPDIR:-/tmp}/pomclaw-package.XXXXXX")"
trap 'rm -rf -- "$stage"' EXIT

# Modes as pomclaw installs them: executables 0755, the rest 0644, folders 0755.
copy() {
    local mode=0644
    [[ -x "$root/$1" ]] && mode=0755
    install -D -m "$mode" "$root/$1" "$stage/$name/$1"
}
install -D -m 0755 "$binary" "$stage/$name/pomclaw"
if [[ $release -eq 1 ]]; then
    # The symbol tables only name functions in crash backtraces: a quarter of the size.
    strip "$stage/$name/pomclaw"
    "$stage/$name/pomclaw" --version >/dev/null || fail "the stripped pomclaw does not run"
fi
for file in compose.yaml .env.example README.md; do
    copy "$file"
done
if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
    stack_files="$(git -C "$root" ls-files -- docker)"
else
    stack_files="$(cd "$root" && find docker -type f | sort)"
fi
[[ -n "$stack_files" ]] || fail "no files under docker/"
while IFS= read -r file; do
    copy "$file"
done <<<"$stack_files"

mtime="${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)}"
tar --sort=name --format=gnu --mtime="@$mtime" --owner=0 --group=0 --numeric-owner \
    -C "$stage" -cf - "$name" | gzip -9 -n >"$out/$tarball.partial"
mv -f "$out/$tarball.partial" "$out/$tarball"
(cd "$out" && sha256sum "$tarball" >"$tarball.sha256.partial" && mv -f "$tarball.sha256.partial" "$tarball.sha256")
install -m 0755 "$root/install.sh" "$out/install.sh"

size() { stat -c %s "$1"; }
printf 'package.sh: %s (%s bytes; pomclaw %s bytes)\n' "$out/$tarball" "$(size "$out/$tarball")" "$(size "$stage/$name/pomclaw")" >&2
printf '%s\n' "$out/$tarball"
