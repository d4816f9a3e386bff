//! Booting as QEMU boots: `--bios`/`--kernel`/`--initrd`/`--load`, raw
//! images and a Linux `Image` header, OpenSBI's `fw_dynamic` (which needs
//! `fw_dynamic_info` in `a2`) and `fw_jump` from Debian's `opensbi`
//! package, and the errors for images that do not fit.

mod common;

use hartsim::{BootImages, Machine, RAM_BASE};
use std::path::Path;

const OPENSBI: &str = "/usr/lib/riscv64-linux-gnu/opensbi/generic";

fn guest(name: &str) -> String {
    common::guest_dir().join(name).to_string_lossy().into_owned()
}

fn opensbi_available(test: &str) -> bool {
    let found = Path::new(OPENSBI).join("fw_dynamic.bin").exists();
    if !found {
        assert!(std::env::var_os("CI").is_none(), "CI must install opensbi");
        println!("{test}: SKIPPED (Debian's opensbi package is not installed)");
    }
    found
}

#[test]
fn opensbi_hands_over_to_an_s_mode_payload() {
    if !opensbi_available("OpenSBI boot") {
        return;
    }
    for (firmware, payload) in [
        ("fw_dynamic.bin", "boot/sbi_hello.bin"),
        ("fw_dynamic.elf", "boot/sbi_hello.elf"),
        ("fw_jump.bin", "boot/sbi_hello.bin"),
        ("fw_jump.elf", "boot/sbi_hello.elf"),
    ] {
        let bios = format!("{OPENSBI}/{firmware}");
        let out = common::hartsim(&["run", "--bios", &bios, "--kernel", &guest(payload)]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{firmware}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains("OpenSBI"), "{firmware}: {stdout}");
        assert!(stdout.contains("Domain0 Next Address      : 0x0000000080200000"), "{stdout}");
        // OpenSBI's console turns \n into \r\n.
        assert!(stdout.ends_with("Hello from S-mode, through OpenSBI\r\n"), "{firmware}: {stdout}");
    }
}

#[test]
fn a_raw_image_kernel_and_an_initrd_go_where_qemu_puts_them() {
    // A raw kernel with a Linux Image header: text_offset 0x200000, and an
    // image_size larger than the file (its bss).
    let mut kernel = vec![0u8; 64];
    kernel[0..4].copy_from_slice(&0x0000_006fu32.to_le_bytes()); // j .
    kernel[8..16].copy_from_slice(&0x20_0000u64.to_le_bytes());
    kernel[16..24].copy_from_slice(&0x10_0000u64.to_le_bytes());
    kernel[56..60].copy_from_slice(b"RSC\x05");
    let initrd = b"initrd contents".to_vec();
    let mut m = Machine::builder().memory(64 << 20).capture_output(true).build().unwrap();
    let images = BootImages {
        kernel: Some(kernel.clone()),
        initrd: Some(initrd.clone()),
        ..Default::default()
    };
    m.boot(&images).unwrap();
    assert_eq!(m.pc(), RAM_BASE + 0x20_0000, "no firmware: the hart starts at the kernel");
    assert_eq!(m.x(12).unwrap(), 0x1028, "a2: fw_dynamic_info in the boot ROM, as on QEMU");
    // Half of 64 MiB past the kernel's start.
    let initrd_at = RAM_BASE + 0x20_0000 + (32 << 20);
    let mut buf = vec![0u8; initrd.len()];
    m.read_phys(initrd_at, &mut buf).unwrap();
    assert_eq!(buf, initrd);
    let dtb = m.dtb();
    let find = |name: &[u8]| dtb.windows(name.len()).any(|w| w == name);
    assert!(find(b"linux,initrd-start") && find(b"linux,initrd-end"));
    let end = (initrd_at + initrd.len() as u64).to_be_bytes();
    assert!(find(&end), "/chosen/linux,initrd-end holds the initrd's end");

    // An initrd that does not fit, and images over each other.
    let big = BootImages {
        kernel: Some(kernel.clone()),
        initrd: Some(vec![0; 40 << 20]),
        ..Default::default()
    };
    let err = m.boot(&big).unwrap_err().to_string();
    assert!(err.contains("--initrd at") && err.contains("does not fit in RAM"), "{err}");
    let overlapping = BootImages {
        kernel: Some(kernel),
        raw: vec![(RAM_BASE + 0x20_0010, vec![1; 16], "--load x.bin".into())],
        ..Default::default()
    };
    let err = m.boot(&overlapping).unwrap_err().to_string();
    assert!(err.contains("--kernel (0x80200000..0x80300000) and --load x.bin"), "{err}");
}

/// Each mistake: one line naming the problem, exit status 2.
#[test]
fn boot_mistakes_are_one_line_errors() {
    let fw = format!("{OPENSBI}/fw_dynamic.bin");
    let cases: &[(&[&str], &str)] = &[
        (&["run"], "no program: give an ELF file, or --kernel/--bios"),
        (&["run", "--kernel", "/nonexistent/Image"], "/nonexistent/Image"),
        (&["run", "--load", "nofile"], "expected FILE@ADDR"),
        (&["run", "--kernel", &guest("hello.elf"), &guest("hello.elf")], "not both"),
        (&["run", "--load", &format!("{}@0x90000000", guest("hello.elf"))], "does not fit in RAM"),
    ];
    for (args, wanted) in cases {
        let out = common::hartsim(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(wanted), "{args:?}: {stderr}");
    }
    if Path::new(&fw).exists() {
        let out = common::hartsim(&["run", "--bios", &fw, "--kernel", &guest("hello.elf")]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr.contains("--kernel (0x80000000..") && stderr.contains("--bios"), "{stderr}");
    }
}

/// A hostile Image header (offsets and sizes near 2^64) is an error, not
/// an overflow.
#[test]
fn a_hostile_image_header_is_an_error() {
    let mut m = Machine::builder().memory(16 << 20).capture_output(true).build().unwrap();
    for (text_offset, image_size) in [(u64::MAX, 0), (0, u64::MAX), (u64::MAX - 0x1000, u64::MAX)] {
        let mut kernel = vec![0u8; 64];
        kernel[8..16].copy_from_slice(&text_offset.to_le_bytes());
        kernel[16..24].copy_from_slice(&image_size.to_le_bytes());
        kernel[56..60].copy_from_slice(b"RSC\x05");
        let images = BootImages { kernel: Some(kernel), ..Default::default() };
        assert!(m.boot(&images).is_err(), "{text_offset:#x} {image_size:#x}");
    }
}

/// Debian's U-Boot (`u-boot-qemu`, the S-mode build) under OpenSBI's
/// `fw_dynamic`: a key stops the autoboot, then the prompt takes commands
/// and `poweroff` ends the run through SBI system reset.
#[test]
fn u_boot_reaches_its_prompt_and_powers_off() {
    const UBOOT: &str = "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin";
    if !opensbi_available("U-Boot boot") {
        return;
    }
    if !Path::new(UBOOT).exists() {
        assert!(std::env::var_os("CI").is_none(), "CI must install u-boot-qemu");
        println!("U-Boot boot: SKIPPED (Debian's u-boot-qemu package is not installed)");
        return;
    }
    use std::io::Write;
    use std::process::{Command, Stdio};
    let bios = format!("{OPENSBI}/fw_dynamic.bin");
    let mut child = Command::new(env!("CARGO_BIN_EXE_hartsim"))
        .args(["run", "--bios", &bios, "--kernel", UBOOT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"\nversion\npoweroff\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    for wanted in [
        "Model: hartsim,virt",
        "Hit any key to stop autoboot",
        "=> version",
        "U-Boot 20",
        "=> poweroff",
    ] {
        assert!(stdout.contains(wanted), "{wanted}: {stdout}");
    }
}
