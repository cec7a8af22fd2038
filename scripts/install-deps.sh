#!/usr/bin/env bash
# Install everything `make test` needs on a fresh Debian bookworm (run as root):
#   - apt: QEMU, the 6.1 kernel + headers, the 6.12 kernel + headers from
#     bookworm-backports, dkms, and the tools to build out-of-tree modules;
#   - virtme-ng in the repo's .venv/ (it boots a kernel on the host's root fs);
#   - the test kernels from ../shared/kernels, when present: the
#     KASAN/lockdep/kmemleak debug kernel (*-swbdebug) and Linux 7.3 (*-swbnext).
# Idempotent: every step checks first, so a second run takes about a second.
# Works with empty apt lists (a machine where `apt-get update` never ran).
#
# Under APT::Get::Simulate (scripts/check-fresh-deps.sh points APT_CONFIG at
# an empty status file and empty lists) only the apt step runs, every apt
# package counts as missing and apt-get only prints what it would do.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED_KERNELS=${SWB_SHARED_KERNELS:-$ROOT/../shared/kernels}
BACKPORTS_LIST=/etc/apt/sources.list.d/swbinder-backports.sources
VIRTME_NG_VERSION=1.42   # the version the VM runner was verified with
export DEBIAN_FRONTEND=noninteractive

APT_PKGS=(qemu-system-x86 linux-image-amd64 linux-headers-amd64 libelf-dev bc
	kmod busybox-static cpio build-essential python3-venv dkms)
APT_UPDATED=0
STEP="starting"

log() { echo "install-deps: $*"; }

# Every failure names the step it happened in and what to try, never a bare
# exit status (set -e alone would leave `make: *** [deps] Error 100`).
on_error() {
	local rc=$? cmd=$1
	log "FAILED (exit $rc) while $STEP"
	log "  command: $cmd"
	log "  what to do: check the network and the apt sources (/etc/apt/sources.list*),"
	log "  run the command above by hand to see its full output, then run 'make deps' again"
	exit "$rc"
}
trap 'on_error "$BASH_COMMAND"' ERR

simulating() {
	local sim=""
	eval "$(apt-config shell sim APT::Get::Simulate)"
	case "$sim" in true|yes|1) return 0 ;; *) return 1 ;; esac
}

apt_update_once() {
	[ "$APT_UPDATED" = 1 ] && return
	STEP="updating the apt lists (apt-get update)"
	log "apt-get update"
	apt-get update -qq
	APT_UPDATED=1
}

# The 6.12 kernel only exists in bookworm-backports.
ensure_backports_source() {
	[ -f "$BACKPORTS_LIST" ] && return
	STEP="adding bookworm-backports to the apt sources"
	log "adding bookworm-backports ($BACKPORTS_LIST)"
	cat > "$BACKPORTS_LIST" <<-'SOURCES'
	Types: deb
	URIs: http://deb.debian.org/debian
	Suites: bookworm-backports
	Components: main
	Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	SOURCES
	APT_UPDATED=0
}

# Name of the versioned package a backports meta package depends on, e.g.
# linux-image-amd64 -> linux-image-6.12.95+deb12-amd64. Empty if the apt lists
# do not know backports yet (apt-cache then exits 100: not an error here).
# Resolved so no kernel version is hard-coded here.
backports_dep() {
	{ apt-cache show "$1/bookworm-backports" 2>/dev/null || true; } |
		sed -n 's/^Depends: \([^ ,]*\).*/\1/p' | head -n1
}

is_installed() {
	simulating && return 1
	[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

install_apt_packages() {
	local img hdr missing=() p
	ensure_backports_source
	STEP="resolving the bookworm-backports kernel"
	img=$(backports_dep linux-image-amd64)
	hdr=$(backports_dep linux-headers-amd64)
	if [ -z "$img" ] || [ -z "$hdr" ]; then
		apt_update_once
		STEP="resolving the bookworm-backports kernel"
		img=$(backports_dep linux-image-amd64)
		hdr=$(backports_dep linux-headers-amd64)
	fi
	if [ -z "$img" ] || [ -z "$hdr" ]; then
		log "FAILED: apt knows no linux-image-amd64 in bookworm-backports"
		log "  what to do: check $BACKPORTS_LIST and 'apt-get update' output"
		exit 1
	fi
	for p in "${APT_PKGS[@]}" "$img" "$hdr"; do
		is_installed "$p" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && { log "apt packages: already installed"; return; }
	apt_update_once
	STEP="installing apt packages (${missing[*]})"
	log "apt-get install ${missing[*]}"
	if ! apt-get install -y -q --no-install-recommends "${missing[@]}" > /tmp/swbinder-apt.log 2>&1; then
		tail -n 30 /tmp/swbinder-apt.log
		log "FAILED: apt-get install (full log: /tmp/swbinder-apt.log)"
		log "  what to do: read the log above; 'apt-get update' and 'make deps' again"
		exit 1
	fi
	simulating && log "simulated: $(grep -c '^Inst ' /tmp/swbinder-apt.log) packages would be installed"
	return 0
}

# Debian's python3 (installed above with python3-venv), not whatever python3
# is first on PATH, so the venv does not depend on a per-user interpreter.
install_venv() {
	if [ -x "$ROOT/.venv/bin/vng" ]; then
		log "virtme-ng: already in .venv"
		return
	fi
	STEP="installing virtme-ng $VIRTME_NG_VERSION from PyPI into .venv"
	log "creating .venv with virtme-ng $VIRTME_NG_VERSION"
	rm -rf "$ROOT/.venv"
	/usr/bin/python3 -m venv "$ROOT/.venv"
	"$ROOT/.venv/bin/pip" install -q --disable-pip-version-check "virtme-ng==$VIRTME_NG_VERSION"
}

# Install one shared kernel's .debs (image + headers, by LOCALVERSION suffix)
# unless the same versions are installed.
install_shared_kernel() {
	local suffix=$1 what=$2 debs=() deb pkg ver todo=()
	shopt -s nullglob
	debs=("$SHARED_KERNELS"/linux-image-*-"$suffix"_*.deb "$SHARED_KERNELS"/linux-headers-*-"$suffix"_*.deb)
	shopt -u nullglob
	[ ${#debs[@]} -gt 0 ] || { log "no $what packages in $SHARED_KERNELS"; return; }
	for deb in "${debs[@]}"; do
		pkg=$(dpkg-deb -f "$deb" Package)
		ver=$(dpkg-deb -f "$deb" Version)
		if ! is_installed "$pkg" || [ "$(dpkg-query -W -f='${Version}' "$pkg")" != "$ver" ]; then
			todo+=("$deb")
		fi
	done
	[ ${#todo[@]} -eq 0 ] && { log "$what: already installed"; return; }
	STEP="verifying the $what packages against $SHARED_KERNELS/SHA256SUMS"
	log "verifying and installing the $what: ${todo[*]##*/}"
	(cd "$SHARED_KERNELS" && sha256sum --quiet --ignore-missing -c SHA256SUMS)
	STEP="installing the $what (dpkg -i)"
	if ! dpkg -i "${todo[@]}" > /tmp/swbinder-dpkg.log 2>&1; then
		tail -n 30 /tmp/swbinder-dpkg.log
		log "FAILED: dpkg -i of the $what (full log: /tmp/swbinder-dpkg.log)"
		exit 1
	fi
}

install_shared_kernels() {
	[ -d "$SHARED_KERNELS" ] || { log "no $SHARED_KERNELS: skipping the test kernels"; return; }
	install_shared_kernel swbdebug "debug kernel"
	install_shared_kernel swbnext "7.3 kernel"
}

main() {
	[ "$(id -u)" = 0 ] || { log "must run as root (apt-get, dpkg -i)"; exit 1; }
	install_apt_packages
	simulating && { log "simulation: apt step only"; return; }
	install_venv
	install_shared_kernels
}

main "$@"
