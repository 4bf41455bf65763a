#!/usr/bin/env bash
# pomclaw's one-line installer:
#
#   curl -fsSL https://github.com/pomclaw/pomclaw/releases/download/v0.1.0/install.sh | bash
#   curl -fsSL …/install.sh | bash -s -- ~/openclaw [pomclaw install options…]
#
# It downloads the pinned pomclaw release for this machine (Linux x86_64 or aarch64), checks
# its SHA-256, unpacks it into a new directory (default ./pomclaw, created mode 0700: it will
# hold .env with the cluster token) and hands over to `pomclaw install` on your terminal.
# The first argument is that directory; the arguments after it go to `pomclaw install`.
#
#   POMCLAW_VERSION        the release to install (default: the one pinned below)
#   POMCLAW_RELEASE_BASE   the URL its files are under (default: that version's GitHub
#                          release); https, or plain http to a loopback host only
#
# Only function definitions are at the top level, and the one call is a complete { … } on
# the last line: a download cut short anywhere runs nothing.

pomclaw_installer() {
    set -euo pipefail
    # The release this installer installs, and where its files are.
    local version="${POMCLAW_VERSION:-0.1.0}"
    local base="${POMCLAW_RELEASE_BASE:-https://github.com/pomclaw/pomclaw/releases/download/v${version}}"
    # What the release binary loads at run time (the Swift runtime is linked in statically);
    # scripts/package.sh checks a release binary needs nothing beyond these.
    local runtime_libraries="libcurl.so.4 libcrypto.so.3 libstdc++.so.6 libgcc_s.so.1 libm.so.6 libc.so.6"

    local dir="pomclaw"
    case "${1:-}" in
        -h | --help)
            pomclaw_usage
            return 0
            ;;
        -*) ;;
        ?*)
            dir="$1"
            shift
            ;;
    esac
    if [[ "${1:-}" == "--" ]]; then shift; fi

    [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]] ||
        pomclaw_fail "POMCLAW_VERSION=$version is not a release version." \
            "Set it to a release such as 0.1.0, or unset it for the pinned one."

    local arch
    arch="$(pomclaw_platform)"
    local protocol
    protocol="$(pomclaw_url_protocol "$base")"
    base="${base%/}"

    if [[ -e "$dir" || -L "$dir" ]]; then
        if [[ -x "$dir/pomclaw" && ! -d "$dir/pomclaw" ]]; then
            pomclaw_fail "$dir already exists and holds pomclaw: nothing was changed." \
                "To install or resume there, run: cd $(printf '%q' "$dir") && ./pomclaw install"
        fi
        pomclaw_fail "$dir already exists: nothing was changed." \
            "Name a new directory: curl -fsSL $base/install.sh | bash -s -- NEW_DIR"
    fi

    local family
    family="$(pomclaw_distro_family)"
    pomclaw_check_tools "$family"
    pomclaw_check_libraries "$family" "$arch" "$runtime_libraries"
    pomclaw_check_docker "$family"

    local tarball="pomclaw-${version}-linux-${arch}.tar.gz"
    _pomclaw_tmp="$(mktemp -d "${TMPDIR:-/tmp}/pomclaw-install.XXXXXX")"
    trap pomclaw_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM HUP

    pomclaw_say "downloading pomclaw $version ($tarball)"
    pomclaw_download "$protocol" "$base/$tarball.sha256" "$_pomclaw_tmp/$tarball.sha256"
    pomclaw_download "$protocol" "$base/$tarball" "$_pomclaw_tmp/$tarball"
    pomclaw_verify "$_pomclaw_tmp" "$tarball"

    mkdir -p -- "$(dirname -- "$dir")"
    mkdir -m 0700 -- "$dir" ||
        pomclaw_fail "cannot create $dir." "Check that you may write to $(dirname -- "$dir"), or name another directory."
    _pomclaw_created="$dir"
    tar -xzf "$_pomclaw_tmp/$tarball" -C "$dir" --strip-components=1 --no-same-owner </dev/null ||
        pomclaw_fail "cannot unpack $tarball into $dir (removed again)." "Check the free space there and run the installer again."
    [[ -f "$dir/pomclaw" && -x "$dir/pomclaw" ]] ||
        pomclaw_fail "$tarball holds no pomclaw executable (removed $dir again)." "Report this release as broken."
    mkdir -p -- "$dir/openclaw-data/config" "$dir/openclaw-data/workspace" "$dir/openclaw-data/pomerium-ssh"
    local runs
    if ! runs="$("$dir/pomclaw" --version </dev/null 2>&1)"; then
        pomclaw_fail "the pomclaw binary does not run on this machine (removed $dir again): ${runs%%$'\n'*}" \
            "Install the libraries it names, or build pomclaw from source (see README.md)."
    fi
    _pomclaw_created=""
    pomclaw_say "pomclaw $version is in $dir"
    pomclaw_link "$dir"

    if (: </dev/tty) 2>/dev/null; then
        local shown argument
        shown="cd $(printf '%q' "$dir") && ./pomclaw install"
        for argument in "$@"; do shown+=" $(printf '%q' "$argument")"; done
        pomclaw_say "starting: $shown"
        pomclaw_cleanup
        trap - EXIT INT TERM HUP
        cd -- "$dir"
        # In `curl | bash` stdin is this script: pomclaw asks on the terminal instead.
        exec ./pomclaw install "$@" </dev/tty
    fi
    if [[ $# -gt 0 ]]; then
        # No terminal, but the caller said how to run: pomclaw never prompts without one.
        pomclaw_cleanup
        trap - EXIT INT TERM HUP
        cd -- "$dir"
        exec ./pomclaw install "$@" </dev/null
    fi
    pomclaw_say "no terminal to ask for the tokens on; continue without prompts:"
    printf '  cd %q && ./pomclaw install --non-interactive --zero-token-file PATH --api-token-file PATH --operator-email EMAIL\n' "$dir" >&2
    printf '  (or set POMERIUM_ZERO_TOKEN, POMERIUM_ZERO_API_TOKEN and OPERATOR_EMAIL; add --cluster-domain DOMAIN when the API token sees several clusters)\n' >&2
    return 0
}

# Puts `pomclaw` on PATH as rustup and flyctl do: a symbolic link to the new binary in
# ~/.local/bin (else, as root, /usr/local/bin), only when that folder is on PATH and holds no
# pomclaw yet; says what it did, or how to run pomclaw instead. `pomclaw uninstall --purge` removes
# the link again. pomclaw finds the link itself and prints its commands as `pomclaw …`, else
# as the path that works.
pomclaw_link() {
    local dir="$1" bin="" candidate target existing
    local candidates=("${HOME:-/nonexistent}/.local/bin")
    [[ "$(id -u)" == "0" ]] && candidates+=("/usr/local/bin")
    for candidate in "${candidates[@]}"; do
        case ":${PATH:-}:" in
            *":$candidate:"* | *":$candidate/:"*)
                bin="$candidate"
                break
                ;;
        esac
    done
    target="$(cd -- "$dir" && pwd -P)/pomclaw"
    if [[ -z "$bin" ]]; then
        pomclaw_say "pomclaw is not on PATH (${candidates[*]} not in it): run it as $target"
        return 0
    fi
    if [[ -e "$bin/pomclaw" || -L "$bin/pomclaw" ]]; then
        existing="$(readlink -f -- "$bin/pomclaw" 2>/dev/null || true)"
        [[ "$existing" == "$target" ]] && return 0
        pomclaw_say "$bin/pomclaw is another pomclaw and stays as it is: run this one as $target"
        return 0
    fi
    if mkdir -p -- "$bin" 2>/dev/null && ln -s -- "$target" "$bin/pomclaw" 2>/dev/null; then
        pomclaw_say "linked $bin/pomclaw to it: \`pomclaw\` now works in any directory (\`pomclaw uninstall --purge\` removes the link)"
    else
        pomclaw_say "could not link $bin/pomclaw: run pomclaw as $target"
    fi
}

pomclaw_usage() {
    cat >&2 <<'EOF'
usage: curl -fsSL <release>/install.sh | bash -s -- [DIR] [pomclaw install options…]
Installs pomclaw into DIR (default ./pomclaw, must not exist yet) and runs pomclaw install there.
POMCLAW_VERSION picks the release, POMCLAW_RELEASE_BASE the URL its files are under.
EOF
}

pomclaw_say() {
    printf '[pomclaw] %s\n' "$1" >&2
}

# An error, then each next action on its own indented line; exits 1.
pomclaw_fail() {
    printf '[pomclaw] error: %s\n' "$1" >&2
    shift
    local line
    for line in "$@"; do
        printf '          %s\n' "$line" >&2
    done
    exit 1
}

pomclaw_cleanup() {
    if [[ -n "${_pomclaw_created:-}" ]]; then
        rm -rf -- "$_pomclaw_created"
        _pomclaw_created=""
    fi
    if [[ -n "${_pomclaw_tmp:-}" ]]; then
        rm -rf -- "$_pomclaw_tmp"
        _pomclaw_tmp=""
    fi
}

# Prints the architecture's name in release file names; refuses other systems.
pomclaw_platform() {
    local os machine
    os="$(uname -s)"
    machine="$(uname -m)"
    if [[ "$os" != "Linux" ]]; then
        pomclaw_fail "pomclaw's releases are for Linux (x86_64, aarch64); this is $os." \
            "Run it on the Linux Docker host, or build it from source there (see README.md)."
    fi
    case "$machine" in
        x86_64 | amd64) printf 'x86_64' ;;
        aarch64 | arm64) printf 'aarch64' ;;
        *)
            pomclaw_fail "pomclaw's releases are for x86_64 and aarch64; this machine is $machine." \
                "Build pomclaw from source on it (see README.md)."
            ;;
    esac
}

# Prints the protocol curl may use for the base URL: https, or http for a loopback host.
# Refuses anything else before any connection is made.
pomclaw_url_protocol() {
    local url="$1" scheme rest host
    if [[ "$url" != *://* ]]; then
        pomclaw_fail "POMCLAW_RELEASE_BASE=$url is not a URL." "Set it to an https:// URL, or unset it."
    fi
    scheme="${url%%://*}"
    scheme="${scheme,,}"
    rest="${url#*://}"
    rest="${rest%%[/?#]*}"
    rest="${rest##*@}"
    if [[ "$rest" == \[* ]]; then
        host="${rest%%]*}]"
    else
        host="${rest%%:*}"
    fi
    host="${host,,}"
    case "$scheme" in
        https) printf 'https' ;;
        http)
            case "$host" in
                127.0.0.1 | localhost | "[::1]") printf 'http' ;;
                *)
                    pomclaw_fail "refusing to download pomclaw over plain http from $host: nothing was contacted." \
                        "Use an https:// URL in POMCLAW_RELEASE_BASE (plain http only to 127.0.0.1, localhost or [::1])."
                    ;;
            esac
            ;;
        *)
            pomclaw_fail "POMCLAW_RELEASE_BASE uses $scheme://, which the installer does not download from." \
                "Use an https:// URL."
            ;;
    esac
}

pomclaw_download() {
    local protocol="$1" url="$2" file="$3" error
    local options=(--proto "=$protocol" --proto-redir "=$protocol" -fsSL --retry 2 --connect-timeout 20)
    if [[ "$protocol" == "https" ]]; then
        options+=(--tlsv1.2)
    else
        options+=(--noproxy '*')
    fi
    if ! error="$(curl "${options[@]}" -o "$file" -- "$url" </dev/null 2>&1)"; then
        pomclaw_fail "cannot download $url: ${error:-curl failed}" \
            "Check the network and that release $version exists (POMCLAW_VERSION, POMCLAW_RELEASE_BASE), then run the installer again."
    fi
}

# Compares the tarball's SHA-256 with the published one; stops on any difference.
pomclaw_verify() {
    local folder="$1" tarball="$2" expected="" name="" actual=""
    read -r expected name <"$folder/$tarball.sha256" || true
    if [[ ! "${expected:-}" =~ ^[0-9a-fA-F]{64}$ || "${name#\*}" != "$tarball" ]]; then
        pomclaw_fail "$tarball.sha256 is not a checksum of $tarball: nothing was unpacked." \
            "Run the installer again; if it fails the same way, the release is broken: report it."
    fi
    if command -v sha256sum >/dev/null 2>&1; then
        actual="$(sha256sum "$folder/$tarball" </dev/null)"
    else
        actual="$(shasum -a 256 "$folder/$tarball" </dev/null)"
    fi
    actual="${actual%% *}"
    if [[ "${actual,,}" != "${expected,,}" ]]; then
        pomclaw_fail "checksum mismatch for $tarball: nothing was unpacked or run." \
            "The download is damaged or was altered. Run the installer again; if it fails the same way, report it."
    fi
    pomclaw_say "checksum verified (sha256 ${actual:0:16}…)"
}

# debian, fedora, rhel, suse, arch, alpine or unknown, from /etc/os-release.
pomclaw_distro_family() {
    local id="" like="" key value word
    if [[ -r /etc/os-release ]]; then
        while IFS='=' read -r key value; do
            value="${value%\"}"
            value="${value#\"}"
            value="${value%\'}"
            value="${value#\'}"
            case "$key" in
                ID) id="${value,,}" ;;
                ID_LIKE) like="${value,,}" ;;
            esac
        done </etc/os-release
    fi
    for word in $id $like; do
        case "$word" in
            debian | ubuntu | raspbian) printf 'debian'; return ;;
            fedora) printf 'fedora'; return ;;
            rhel | centos | rocky | almalinux | ol) printf 'rhel'; return ;;
            opensuse* | sles | suse) printf 'suse'; return ;;
            arch | manjaro) printf 'arch'; return ;;
            alpine) printf 'alpine'; return ;;
        esac
    done
    printf 'unknown'
}

# The command that installs packages on this family, with sudo unless running as root.
pomclaw_install_command() {
    local family="$1" sudo=""
    shift
    [[ "$(id -u)" == "0" ]] || sudo="sudo "
    case "$family" in
        debian) printf '%sapt-get update && %sapt-get install -y %s' "$sudo" "$sudo" "$*" ;;
        fedora | rhel) printf '%sdnf install -y %s' "$sudo" "$*" ;;
        suse) printf '%szypper install -y %s' "$sudo" "$*" ;;
        arch) printf '%spacman -S --needed %s' "$sudo" "$*" ;;
        alpine) printf '%sapk add %s' "$sudo" "$*" ;;
        *) printf 'install %s with your package manager' "$*" ;;
    esac
}

pomclaw_check_tools() {
    local family="$1" tool missing=()
    for tool in curl tar gzip mktemp; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    if ! command -v sha256sum >/dev/null 2>&1 && ! command -v shasum >/dev/null 2>&1; then
        missing+=(coreutils)
    fi
    if [[ ${#missing[@]} -gt 0 ]]; then
        pomclaw_fail "the installer needs ${missing[*]}, which this machine lacks." \
            "Install: $(pomclaw_install_command "$family" "${missing[@]}")" "Then run the installer again."
    fi
}

# The dynamic linker's cache (`ldconfig -p`), or nothing when there is no ldconfig.
pomclaw_library_cache() {
    local ldconfig=""
    if command -v ldconfig >/dev/null 2>&1; then
        ldconfig="ldconfig"
    elif [[ -x /sbin/ldconfig ]]; then
        ldconfig="/sbin/ldconfig"
    elif [[ -x /usr/sbin/ldconfig ]]; then
        ldconfig="/usr/sbin/ldconfig"
    else
        return 0
    fi
    # A cache that lists nothing still answers: every library is then missing.
    printf 'ldconfig\n'
    "$ldconfig" -p </dev/null 2>/dev/null || true
}

# Whether the dynamic linker finds `soname` for this architecture: in its cache, or in the
# usual library folders when there is no ldconfig.
pomclaw_has_library() {
    local soname="$1" arch="$2" cache="$3" tag="x86-64" folder
    if [[ -n "$cache" ]]; then
        [[ "$arch" == "aarch64" ]] && tag="AArch64"
        [[ "$cache" == *"$soname (libc6,$tag"* ]]
        return
    fi
    for folder in "/lib/$arch-linux-gnu" "/usr/lib/$arch-linux-gnu" /lib64 /usr/lib64 /lib /usr/lib; do
        if [[ -e "$folder/$soname" ]]; then return 0; fi
    done
    return 1
}

# The package that provides `soname` on this family.
pomclaw_library_package() {
    local family="$1" soname="$2"
    case "$family:$soname" in
        debian:libcurl.so.4) printf 'libcurl4' ;;
        debian:libcrypto.so.3) printf 'libssl3' ;;
        debian:libstdc++.so.6) printf 'libstdc++6' ;;
        debian:libgcc_s.so.1) printf 'libgcc-s1' ;;
        fedora:libcurl.so.4 | rhel:libcurl.so.4) printf 'libcurl' ;;
        fedora:libcrypto.so.3 | rhel:libcrypto.so.3) printf 'openssl-libs' ;;
        fedora:libstdc++.so.6 | rhel:libstdc++.so.6) printf 'libstdc++' ;;
        fedora:libgcc_s.so.1 | rhel:libgcc_s.so.1) printf 'libgcc' ;;
        suse:libcurl.so.4) printf 'libcurl4' ;;
        suse:libcrypto.so.3) printf 'libopenssl3' ;;
        suse:libstdc++.so.6) printf 'libstdc++6' ;;
        suse:libgcc_s.so.1) printf 'libgcc_s1' ;;
        arch:libcurl.so.4) printf 'curl' ;;
        arch:libcrypto.so.3) printf 'openssl' ;;
        arch:*) printf 'gcc-libs' ;;
        *) printf '%s' "$soname" ;;
    esac
}

pomclaw_check_libraries() {
    local family="$1" arch="$2" soname cache missing=() packages=()
    cache="$(pomclaw_library_cache)"
    for soname in $3; do
        pomclaw_has_library "$soname" "$arch" "$cache" || missing+=("$soname")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    if [[ " ${missing[*]} " == *" libc.so.6 "* ]]; then
        pomclaw_fail "pomclaw's release binary needs the GNU C library (glibc), which this system lacks (${missing[*]} missing)." \
            "Use a glibc distribution (Debian, Ubuntu, Fedora, RHEL…) for the Docker host, or build pomclaw from source (see README.md)."
    fi
    for soname in "${missing[@]}"; do
        packages+=("$(pomclaw_library_package "$family" "$soname")")
    done
    pomclaw_fail "pomclaw needs libraries this machine lacks: ${missing[*]}." \
        "Install them: $(pomclaw_install_command "$family" "${packages[@]}")" "Then run the installer again."
}

# Docker's CLI, Compose (v2 plugin or v1 docker-compose) and a reachable engine.
pomclaw_check_docker() {
    local family="$1" sudo="" start output
    [[ "$(id -u)" == "0" ]] || sudo="sudo "
    if ! command -v docker >/dev/null 2>&1; then
        local next
        case "$family" in
            debian) next="$(pomclaw_install_command debian docker.io docker-compose)" ;;
            fedora) next="$(pomclaw_install_command fedora moby-engine docker-compose) && ${sudo}systemctl enable --now docker" ;;
            rhel)
                next="${sudo}dnf config-manager --add-repo https://download.docker.com/linux/centos/docker-ce.repo && "
                next+="$(pomclaw_install_command rhel docker-ce docker-ce-cli containerd.io docker-compose-plugin) && ${sudo}systemctl enable --now docker"
                ;;
            suse) next="$(pomclaw_install_command suse docker docker-compose) && ${sudo}systemctl enable --now docker" ;;
            arch) next="$(pomclaw_install_command arch docker docker-compose) && ${sudo}systemctl enable --now docker" ;;
            alpine) next="$(pomclaw_install_command alpine docker docker-cli-compose) && ${sudo}rc-update add docker default && ${sudo}service docker start" ;;
            *) next="follow https://docs.docker.com/engine/install/" ;;
        esac
        pomclaw_fail "Docker is not installed (no docker command on PATH)." \
            "Install Docker Engine with Compose: $next" "Then run the installer again."
    fi
    if ! docker compose version </dev/null >/dev/null 2>&1 && ! docker-compose version </dev/null >/dev/null 2>&1; then
        local package="docker-compose"
        case "$family" in
            rhel) package="docker-compose-plugin" ;;
            alpine) package="docker-cli-compose" ;;
            debian)
                if [[ "$(dpkg-query -W -f='${Status}' docker-ce 2>/dev/null </dev/null || true)" == *"ok installed"* ]]; then
                    package="docker-compose-plugin"
                fi
                ;;
            fedora) if rpm -q docker-ce </dev/null >/dev/null 2>&1; then package="docker-compose-plugin"; fi ;;
        esac
        pomclaw_fail "Docker Compose is missing (neither \`docker compose\` nor \`docker-compose\` works)." \
            "Install it: $(pomclaw_install_command "$family" "$package")" "Then run the installer again."
    fi
    if ! output="$(docker version --format '{{.Server.Version}}' </dev/null 2>&1)"; then
        start="${sudo}systemctl start docker"
        [[ "$family" == "alpine" ]] && start="${sudo}service docker start"
        local hints=("Start it: $start")
        if [[ "$(id -u)" != "0" && " $(id -nG 2>/dev/null) " != *" docker "* ]]; then
            hints+=("and let your user use it: sudo usermod -aG docker \"\$USER\", then log in again")
        fi
        pomclaw_fail "the Docker engine does not answer: ${output##*$'\n'}" "${hints[@]}" "Then run the installer again (\`docker info\` must work)."
    fi
}

{ pomclaw_installer "$@"; }
