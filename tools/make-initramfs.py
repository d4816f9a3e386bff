#!/usr/bin/env python3
"""Build an initramfs (newc cpio) around a static busybox, for booting Linux
in hartsim or QEMU: /init mounts /proc, /sys and /dev and starts a shell on
the console (job control on, so Ctrl-C reaches the programs it runs).

    tools/make-initramfs.py boot-kit/busybox initrd.cpio
"""
import sys

INIT = b"""#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
echo "busybox shell: poweroff -f to power off"
exec setsid cttyhack sh
"""


def entry(number, name, mode, data=b"", rdev=(0, 0)):
    fields = [number, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(name) + 1, 0]
    out = b"070701" + b"".join(b"%08x" % f for f in fields) + name.encode() + b"\0"
    out += b"\0" * (-len(out) % 4) + data
    return out + b"\0" * (-len(data) % 4)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make-initramfs.py BUSYBOX OUTPUT")
    busybox = open(sys.argv[1], "rb").read()
    files = [
        ("bin", 0o040755, b""), ("dev", 0o040755, b""), ("proc", 0o040755, b""),
        ("sys", 0o040755, b""), ("bin/busybox", 0o100755, busybox), ("init", 0o100755, INIT),
    ]
    archive = b"".join(entry(n + 1, name, mode, data) for n, (name, mode, data) in enumerate(files))
    archive += entry(len(files) + 1, "dev/console", 0o020600, rdev=(5, 1))
    archive += entry(len(files) + 2, "TRAILER!!!", 0)
    open(sys.argv[2], "wb").write(archive)


if __name__ == "__main__":
    main()
