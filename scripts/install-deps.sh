#!/usr/bin/env bash
# Install everything `make test` needs on a fresh Debian bookworm (run as root):
#   - apt: QEMU, the 6.1 kernel + headers, the 6.12 kernel + headers from
#     bookworm-backports, and the tools to build out-of-tree modules;
#   - virtme-ng in the repo's .venv/ (it boots a kernel on the host's root fs);
#   - the KASAN/lockdep/kmemleak debug kernel from ../shared/kernels, when present.
# Idempotent: every step checks first, so a second run takes about a second.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED_KERNELS=${SWB_SHARED_KERNELS:-$ROOT/../shared/kernels}
BACKPORTS_LIST=/etc/apt/sources.list.d/swbinder-backports.sources
VIRTME_NG_VERSION=1.42   # the version the VM runner was verified with
export DEBIAN_FRONTEND=noninteractive

APT_PKGS=(qemu-system-x86 linux-image-amd64 linux-headers-amd64 libelf-dev bc
	kmod busybox-static cpio build-essential python3-venv)
APT_UPDATED=0

log() { echo "install-deps: $*"; }

apt_update_once() {
	[ "$APT_UPDATED" = 1 ] && return
	log "apt-get update"
	apt-get update -qq
	APT_UPDATED=1
}

# The 6.12 kernel only exists in bookworm-backports.
ensure_backports_source() {
	[ -f "$BACKPORTS_LIST" ] && return
	log "adding bookworm-backports ($BACKPORTS_LIST)"
	cat > "$BACKPORTS_LIST" <<-'EOF'
	Types: deb
	URIs: http://deb.debian.org/debian
	Suites: bookworm-backports
	Components: main
	Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	APT_UPDATED=0
}

# Name of the versioned package a backports meta package depends on, e.g.
# linux-image-amd64 -> linux-image-6.12.95+deb12-amd64. Empty if the apt lists
# do not know backports yet. Resolved so no kernel version is hard-coded here.
backports_dep() {
	apt-cache show "$1/bookworm-backports" 2>/dev/null |
		sed -n 's/^Depends: \([^ ,]*\).*/\1/p' | head -n1
}

is_installed() {
	[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

install_apt_packages() {
	local img hdr missing=() p
	ensure_backports_source
	img=$(backports_dep linux-image-amd64)
	hdr=$(backports_dep linux-headers-amd64)
	if [ -z "$img" ] || [ -z "$hdr" ]; then
		apt_update_once
		img=$(backports_dep linux-image-amd64)
		hdr=$(backports_dep linux-headers-amd64)
	fi
	[ -n "$img" ] && [ -n "$hdr" ] || { log "cannot resolve the bookworm-backports kernel"; exit 1; }
	for p in "${APT_PKGS[@]}" "$img" "$hdr"; do
		is_installed "$p" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && { log "apt packages: already installed"; return; }
	apt_update_once
	log "apt-get install ${missing[*]}"
	apt-get install -y -q --no-install-recommends "${missing[@]}" > /tmp/swbinder-apt.log 2>&1 ||
		{ tail -n 30 /tmp/swbinder-apt.log; exit 1; }
}

# Debian's python3 (installed above with python3-venv), not whatever python3
# is first on PATH, so the venv does not depend on a per-user interpreter.
install_venv() {
	if [ -x "$ROOT/.venv/bin/vng" ]; then
		log "virtme-ng: already in .venv"
		return
	fi
	log "creating .venv with virtme-ng $VIRTME_NG_VERSION"
	rm -rf "$ROOT/.venv"
	/usr/bin/python3 -m venv "$ROOT/.venv"
	"$ROOT/.venv/bin/pip" install -q --disable-pip-version-check "virtme-ng==$VIRTME_NG_VERSION"
}

# Install the shared debug kernel's .debs unless the same versions are installed.
install_debug_kernel() {
	local debs=() deb pkg ver todo=()
	[ -d "$SHARED_KERNELS" ] || { log "no $SHARED_KERNELS: skipping the debug kernel"; return; }
	shopt -s nullglob
	debs=("$SHARED_KERNELS"/linux-image-*-swbdebug_*.deb "$SHARED_KERNELS"/linux-headers-*-swbdebug_*.deb)
	shopt -u nullglob
	[ ${#debs[@]} -gt 0 ] || { log "no debug kernel packages in $SHARED_KERNELS"; return; }
	for deb in "${debs[@]}"; do
		pkg=$(dpkg-deb -f "$deb" Package)
		ver=$(dpkg-deb -f "$deb" Version)
		if ! is_installed "$pkg" || [ "$(dpkg-query -W -f='${Version}' "$pkg")" != "$ver" ]; then
			todo+=("$deb")
		fi
	done
	[ ${#todo[@]} -eq 0 ] && { log "debug kernel: already installed"; return; }
	log "verifying and installing the debug kernel: ${todo[*]##*/}"
	(cd "$SHARED_KERNELS" && sha256sum --quiet -c SHA256SUMS)
	dpkg -i "${todo[@]}" > /tmp/swbinder-dpkg.log 2>&1 ||
		{ tail -n 30 /tmp/swbinder-dpkg.log; exit 1; }
}

main() {
	[ "$(id -u)" = 0 ] || { log "must run as root (apt-get, dpkg -i)"; exit 1; }
	install_apt_packages
	install_venv
	install_debug_kernel
}

main "$@"
