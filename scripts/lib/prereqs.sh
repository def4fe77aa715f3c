# shellcheck shell=bash
# What Sluice's demo and tests need on a fresh Debian machine, installed with apt-get when missing: among them
# Chromium for the viewer's browser test, and node/npm, with which the build bundles the viewer's page.
# Sourced by scripts/demo and scripts/test; needs root (namespaces, OVS daemons, apt-get).

SLUICE_PACKAGES=(openvswitch-switch iproute2 iptables nftables conntrack ethtool tcpdump iputils-ping iputils-arping
                 procps curl python3 udhcpc python3-openstackclient e2fsprogs mount util-linux
                 openjdk-17-jdk-headless maven chromium)

# Commands that prove each package is there, so a ready machine skips apt-get entirely. The openstack CLI
# is named by its full path: `python3` on PATH may be another build without Debian's Python packages.
SLUICE_COMMANDS=(ovs-vswitchd ip nsenter unshare losetup mkfs.ext4 e2fsck chattr iptables iptables-legacy-restore nft conntrack ethtool tcpdump ping arping pkill curl python3 udhcpc /usr/bin/openstack javac mvn /usr/bin/chromium)

ensure_prereqs() {
    if ((EUID != 0)); then
        echo "Sluice's test bed needs root (network namespaces, OVS daemons): run with sudo" >&2
        exit 1
    fi
    local missing=0 cmd
    local packages=("${SLUICE_PACKAGES[@]}")
    for cmd in "${SLUICE_COMMANDS[@]}"; do
        command -v "$cmd" >/dev/null 2>&1 || missing=1
    done
    # The build bundles the viewer's page with node and npm. A machine may already have a Node.js of its own
    # whose npm is built in (Debian's separate npm package would conflict with it): only missing ones are
    # installed, from Debian.
    command -v node >/dev/null 2>&1 || { packages+=(nodejs); missing=1; }
    command -v npm >/dev/null 2>&1 || { packages+=(npm); missing=1; }
    ((missing == 0)) && return 0
    echo "installing prerequisites with apt-get: ${packages[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
}
