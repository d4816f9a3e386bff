#!/usr/bin/env bash
# Fetch the Debian packages the Linux boot test uses: the riscv64 kernel
# (linux-image-riscv64's current image) and busybox-static, with a private
# apt configuration for the riscv64 architecture, so the host's own apt
# state is left alone. The packages are checked against Debian's archive
# keyring. Unpacks to DIR (default: boot-kit/, git-ignored):
#   DIR/Image     the kernel (a RISC-V Linux Image with its EFI stub)
#   DIR/busybox   a static riscv64 busybox
# Run again, it reuses what it downloaded.
set -euo pipefail
dir=$(realpath -m "${1:-boot-kit}")
if [[ -s "$dir/Image" && -s "$dir/busybox" ]]; then
    echo "boot kit: already in $dir"
    exit 0
fi
apt_dir="$dir/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$dir/unpacked"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
apt_opts=(
    -o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o APT::Architecture=riscv64 -o APT::Architectures=riscv64
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
    -o Debug::NoLocking=1
)
# riscv64 is a release architecture from trixie on; the same archive also
# answers as `stable`.
for suite in trixie stable; do
    echo "deb [arch=riscv64 signed-by=$keyring] http://deb.debian.org/debian $suite main" \
        > "$apt_dir/sources.list"
    if apt-get "${apt_opts[@]}" -q update; then
        break
    fi
done
kernel=$(apt-cache "${apt_opts[@]}" depends linux-image-riscv64 |
    awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
cd "$dir"
apt-get "${apt_opts[@]}" -q download "$kernel" busybox-static
for deb in ./*.deb; do
    dpkg-deb -x "$deb" unpacked
done
cp unpacked/boot/vmlinux-* Image
cp unpacked/usr/bin/busybox busybox
rm -rf unpacked ./*.deb
echo "boot kit: $kernel and busybox-static in $dir"
