//! Debian's riscv64 Linux kernel boots to user space and powers off:
//! OpenSBI's `fw_dynamic` + the kernel `Image` + an initramfs this test
//! builds around Debian's static busybox, given with `--bios`, `--kernel`,
//! `--initrd` and `--append` as QEMU takes them. The kit comes from
//! `tools/fetch-boot-kit.sh` (CI runs it); without it the test says it
//! skipped, except in CI.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const FW_DYNAMIC: &str = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin";
const MARKER: &str = "HARTSIM-BOOT-MARKER";

/// The kit directory: `HARTSIM_BOOT_KIT`, or `boot-kit/` in the repository.
fn kit(test: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("HARTSIM_BOOT_KIT")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("boot-kit"));
    let ready = dir.join("Image").exists() && dir.join("busybox").exists();
    if !ready || !Path::new(FW_DYNAMIC).exists() {
        assert!(std::env::var_os("CI").is_none(), "CI must fetch the boot kit and install opensbi");
        println!("{test}: SKIPPED (run tools/fetch-boot-kit.sh, install opensbi)");
        return None;
    }
    Some(dir)
}

/// One entry of a `newc` cpio archive.
fn cpio_entry(out: &mut Vec<u8>, ino: u32, name: &str, mode: u32, data: &[u8], rdev: (u32, u32)) {
    let fields =
        [ino, mode, 0, 0, 1, 0, data.len() as u32, 0, 0, rdev.0, rdev.1, name.len() as u32 + 1, 0];
    out.extend_from_slice(b"070701");
    for f in fields {
        out.extend_from_slice(format!("{f:08x}").as_bytes());
    }
    out.extend_from_slice(name.as_bytes());
    out.push(0);
    out.resize(out.len().next_multiple_of(4), 0);
    out.extend_from_slice(data);
    out.resize(out.len().next_multiple_of(4), 0);
}

/// An initramfs whose /init prints the marker and the ISA line of
/// /proc/cpuinfo, then powers off.
fn initramfs(busybox: &[u8]) -> Vec<u8> {
    let init = format!(
        "#!/bin/busybox sh\n/bin/busybox mkdir -p /proc\n/bin/busybox mount -t proc proc /proc\n\
         /bin/busybox echo \"{MARKER}: $(/bin/busybox uname -r)\"\n\
         /bin/busybox grep -m1 isa /proc/cpuinfo\n/bin/busybox poweroff -f\n"
    );
    let mut out = Vec::new();
    cpio_entry(&mut out, 1, "bin", 0o040755, b"", (0, 0));
    cpio_entry(&mut out, 2, "dev", 0o040755, b"", (0, 0));
    cpio_entry(&mut out, 3, "dev/console", 0o020600, b"", (5, 1));
    cpio_entry(&mut out, 4, "bin/busybox", 0o100755, busybox, (0, 0));
    cpio_entry(&mut out, 5, "init", 0o100755, init.as_bytes(), (0, 0));
    cpio_entry(&mut out, 6, "TRAILER!!!", 0, b"", (0, 0));
    out
}

/// Boot once; the console output.
fn boot(kit: &Path, initrd: &Path, clock: &str) -> String {
    let image = kit.join("Image");
    let out = Command::new(env!("CARGO_BIN_EXE_hartsim"))
        .args(["run", "--clock", clock, "--bios", FW_DYNAMIC])
        .args(["--kernel", &image.to_string_lossy(), "--initrd", &initrd.to_string_lossy()])
        .args(["--append", "console=ttyS0"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{clock} clock: {stderr}\n{stdout}");
    assert!(stdout.contains(&format!("{MARKER}: ")), "{clock} clock: no marker:\n{stdout}");
    assert!(stdout.contains("reboot: Power down"), "{clock} clock:\n{stdout}");
    stdout
}

fn initrd_file(kit: &Path, name: &str) -> PathBuf {
    let busybox = std::fs::read(kit.join("busybox")).unwrap();
    let path = std::env::temp_dir().join(format!("hartsim-{name}-{}.cpio", std::process::id()));
    std::fs::write(&path, initramfs(&busybox)).unwrap();
    path
}

#[test]
fn linux_boots_to_user_space_and_powers_off() {
    let Some(kit) = kit("Linux boot") else { return };
    let initrd = initrd_file(&kit, "initrd");
    let console = boot(&kit, &initrd, "virtual");
    // The kernel sees the extensions the device tree announces.
    let isa = console.lines().find(|l| l.starts_with("isa")).unwrap_or_default();
    for ext in ["rv64imafdc", "zicbom", "zba", "sstc", "svpbmt"] {
        assert!(isa.contains(ext), "{ext} missing from /proc/cpuinfo: {isa}");
    }
    let _ = std::fs::remove_file(initrd);
}

/// With the host clock, three boots in a row: no interrupt storm, each ends.
#[test]
fn linux_boots_on_the_host_clock_three_times_in_a_row() {
    let Some(kit) = kit("Linux boot, host clock") else { return };
    let initrd = initrd_file(&kit, "initrd-host");
    for _ in 0..3 {
        boot(&kit, &initrd, "host");
    }
    let _ = std::fs::remove_file(initrd);
}
