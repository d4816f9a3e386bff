//! Differential tests against QEMU: the same bare-metal ELF must print the same
//! bytes and end with the same exit status on `qemu-system-riscv64 -machine virt
//! -bios none -kernel` and on `hartsim run`. Skipped (with a message) when QEMU
//! is not installed, except under CI, where a missing QEMU is a failure.

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

fn qemu_available() -> bool {
    Command::new("qemu-system-riscv64").arg("--version").output().is_ok_and(|o| o.status.success())
}

fn run_qemu(elf: &str) -> (Vec<u8>, Option<i32>) {
    let mut child = Command::new("qemu-system-riscv64")
        .args(["-machine", "virt", "-bios", "none", "-nographic", "-monitor", "none"])
        .args(["-serial", "stdio", "-kernel", elf])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("qemu starts");
    // Drain stdout on its own thread so a chatty guest cannot fill the pipe and
    // stall QEMU; a guest that never exits must not hang the test suite.
    let mut stdout = child.stdout.take().expect("piped stdout");
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut buf).map(|_| buf)
    });
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("qemu status") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("qemu did not finish {elf} within 120 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = reader.join().expect("reader thread").expect("qemu stdout");
    (output, status.code())
}

#[test]
fn uart_programs_match_qemu() {
    if !qemu_available() {
        assert!(std::env::var_os("CI").is_none(), "CI must install qemu-system-misc");
        println!("qemu differential test: SKIPPED (qemu-system-riscv64 not installed)");
        return;
    }
    let programs: Vec<_> = common::elfs_in(&common::guest_dir());
    assert!(programs.len() >= 5, "expected the demo programs, found {programs:?}");
    for elf in programs {
        let elf = elf.to_string_lossy().to_string();
        let (qemu_out, qemu_status) = run_qemu(&elf);
        let ours = common::hartsim(&["run", &elf]);
        assert_eq!(
            String::from_utf8_lossy(&ours.stdout),
            String::from_utf8_lossy(&qemu_out),
            "{elf}: output differs from QEMU"
        );
        assert_eq!(ours.status.code(), qemu_status, "{elf}: exit status differs from QEMU");
        if elf.ends_with("fp_battery.elf") {
            // The battery reports how many operation x input x rounding-mode cases it ran.
            let text = String::from_utf8_lossy(&qemu_out);
            let cases: u64 = text
                .lines()
                .find_map(|l| l.strip_prefix("cases: "))
                .and_then(|n| n.trim().parse().ok())
                .expect("the FP battery prints its case count");
            assert!(cases > 40_000, "FP battery ran only {cases} cases");
            println!("FP battery: {cases} cases identical to QEMU");
        }
        println!("{elf}: same output ({} bytes) and exit status {qemu_status:?}", qemu_out.len());
    }
}
