#!/usr/bin/env python3
"""Time bare-metal ELFs on hartsim and on qemu-system-riscv64 (virt, -bios none)
in one run: alternating, several repeats, medians. Prints guest instructions
(hartsim's exact count), seconds, MIPS and the hartsim/QEMU time ratio.

usage: tools/bench_vs_qemu.py [--repeats N] [--hartsim PATH] [ELF ...]
With no ELF, runs guest/build/bench/*.elf (not the -small test builds).
Build hartsim first: cargo build --release.
"""
import argparse
import glob
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(cmd):
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return time.perf_counter() - start, proc


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--hartsim", default=os.path.join(ROOT, "target/release/hartsim"))
    parser.add_argument("elfs", nargs="*")
    args = parser.parse_args()
    elfs = args.elfs or sorted(e for e in glob.glob(os.path.join(ROOT, "guest/build/bench/*.elf"))
                               if not e.endswith("-small.elf"))
    qemu = ["qemu-system-riscv64", "-machine", "virt", "-bios", "none", "-nographic",
            "-monitor", "none", "-serial", "stdio", "-kernel"]
    print(f"{'program':<16} {'instructions':>14} {'hartsim s':>10} {'MIPS':>8} {'QEMU s':>8} {'ratio':>6}")
    for elf in elfs:
        ours, theirs, count = [], [], None
        for _ in range(args.repeats):
            t, proc = timed([args.hartsim, "run", "--stats", elf])
            ours.append(t)
            m = re.search(rb"(\d+) instructions retired", proc.stderr)
            count = int(m.group(1)) if m else count
            t, _ = timed(qemu + [elf])
            theirs.append(t)
        h, q = statistics.median(ours), statistics.median(theirs)
        mips = count / h / 1e6 if count else float("nan")
        name = os.path.basename(elf)[:-4]
        print(f"{name:<16} {count or 0:>14,} {h:>10.3f} {mips:>8.1f} {q:>8.3f} {h / q:>6.2f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
