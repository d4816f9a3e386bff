//! Semihosting (`--semihosting`) on a picolibc program built with
//! `--oslib=semihost` (guest/semihost/semihost_demo.c): the same output,
//! files and exit status as QEMU's `-semihosting`, and files confined to
//! the directory hartsim serves.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn demo() -> String {
    common::guest_dir().join("semihost/semihost_demo.elf").to_string_lossy().into_owned()
}

/// A fresh directory holding the program's input file.
fn workspace(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hartsim-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("served")).unwrap();
    std::fs::write(dir.join("served/input.txt"), "first line\nsecond line\n").unwrap();
    dir
}

fn hartsim_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hartsim"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn semihosting_matches_qemu() {
    let qemu = Command::new("qemu-system-riscv64").arg("--version").output();
    if !qemu.is_ok_and(|o| o.status.success()) {
        assert!(std::env::var_os("CI").is_none(), "CI must install qemu-system-misc");
        println!("semihosting against QEMU: SKIPPED (qemu-system-riscv64 not installed)");
        return;
    }
    let dir = workspace("semihost-qemu");
    let served = dir.join("served");
    let elf = demo();
    let ours = hartsim_in(&served, &["run", "--semihosting", &elf, "--", "one", "two"]);
    let ours_file = std::fs::read_to_string(served.join("output.txt")).unwrap();
    std::fs::remove_file(served.join("output.txt")).unwrap();
    let theirs = Command::new("qemu-system-riscv64")
        .args(["-machine", "virt", "-bios", "none", "-display", "none", "-serial", "none"])
        .args(["-monitor", "none", "-chardev", "stdio,id=con"])
        .args(["-semihosting-config", "enable=on,target=native,chardev=con"])
        .args(["-kernel", &elf, "-append", "one two"])
        .current_dir(&served)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let theirs_file = std::fs::read_to_string(served.join("output.txt")).unwrap();
    let text = String::from_utf8_lossy(&ours.stdout);
    assert_eq!(text, String::from_utf8_lossy(&theirs.stdout));
    assert_eq!(ours.status.code(), theirs.status.code());
    assert_eq!(ours.status.code(), Some(3));
    assert_eq!(ours_file, theirs_file);
    assert!(text.contains("[one] [two]"), "{text}");
    assert!(text.contains("read: second line\n"), "{text}");
    assert!(text.contains("to stderr\n"), "{text}");
    println!("semihosting: output, output.txt and exit status 3 identical to QEMU");
}

#[test]
fn files_outside_the_root_are_refused() {
    let dir = workspace("semihost-root");
    // The file exists, one level up: QEMU would open it, hartsim must not.
    std::fs::write(dir.join("hartsim-semihost-escape.txt"), "secret\n").unwrap();
    let out = hartsim_in(&dir.join("served"), &["run", "--semihosting", &demo()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("a file outside the directory: not opened"), "{text}");
    // --semihosting-root names the directory served.
    let out = hartsim_in(&dir, &["run", "--semihosting", "--semihosting-root", "served", &demo()]);
    assert_eq!(out.status.code(), Some(3));
    assert!(dir.join("served/output.txt").exists());
}

#[test]
fn without_semihosting_the_calls_are_breakpoints() {
    let dir = workspace("semihost-off");
    let out = hartsim_in(&dir.join("served"), &["run", "--max-insns", "100000", &demo()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(124), "{stderr}");
    assert!(stderr.contains("makes a semihosting call"), "{stderr}");
    assert!(stderr.contains("--semihosting turns it on"), "{stderr}");
    assert!(stderr.contains("last trap: breakpoint at sys_semihost"), "{stderr}");
}
