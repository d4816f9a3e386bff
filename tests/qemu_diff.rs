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

/// Console input for programs that read keys.
fn input_for(elf: &str) -> &'static [u8] {
    if elf.ends_with("calculator.elf") { b"1+2*3\n(7-10)*4 % 5\n12/0\nhelp\nquit\n" } else { b"" }
}

/// Run `cmd` with `input` on stdin, collecting stdout, with a time limit.
fn run_with_input(mut cmd: Command, input: &[u8], what: &str) -> (Vec<u8>, Option<i32>) {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the program starts");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = input.to_vec();
    std::thread::spawn(move || std::io::Write::write_all(&mut stdin, &input));
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
            panic!("{what} did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = reader.join().expect("reader thread").expect("stdout");
    (output, status.code())
}

fn run_qemu(elf: &str) -> (Vec<u8>, Option<i32>) {
    let mut cmd = Command::new("qemu-system-riscv64");
    cmd.args(["-machine", "virt", "-bios", "none", "-nographic", "-monitor", "none"])
        .args(["-serial", "stdio", "-kernel", elf]);
    run_with_input(cmd, input_for(elf), &format!("qemu running {elf}"))
}

fn run_hartsim(elf: &str) -> (Vec<u8>, Option<i32>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hartsim"));
    cmd.args(["run", elf]);
    run_with_input(cmd, input_for(elf), &format!("hartsim running {elf}"))
}

#[test]
fn uart_programs_match_qemu() {
    if !qemu_available() {
        assert!(std::env::var_os("CI").is_none(), "CI must install qemu-system-misc");
        println!("qemu differential test: SKIPPED (qemu-system-riscv64 not installed)");
        return;
    }
    // The demos, and the benchmarks at test size (their checksums must match too).
    let mut programs: Vec<_> = common::elfs_in(&common::guest_dir());
    programs.extend(
        common::elfs_in(&common::guest_dir().join("bench"))
            .into_iter()
            .filter(|p| p.to_string_lossy().ends_with("-small.elf")),
    );
    assert!(programs.len() >= 5, "expected the demo programs, found {programs:?}");
    for elf in programs {
        let elf = elf.to_string_lossy().to_string();
        let (qemu_out, qemu_status) = run_qemu(&elf);
        let (our_out, our_status) = run_hartsim(&elf);
        assert_eq!(
            String::from_utf8_lossy(&our_out),
            String::from_utf8_lossy(&qemu_out),
            "{elf}: output differs from QEMU"
        );
        assert_eq!(our_status, qemu_status, "{elf}: exit status differs from QEMU");
        if elf.contains("/bench/") {
            assert_eq!(our_status, Some(0), "{elf}: the benchmark's self-check failed");
        }
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

/// The conformance programs written to end on QEMU too (their source defines
/// `EXIT_THROUGH_FINISHER`: after the HTIF store they also write the test
/// finisher). They pass on QEMU (exit 0), except `wfi_unreachable`, which
/// must still be waiting when it is killed.
#[test]
fn finisher_conformance_programs_pass_on_qemu() {
    if !qemu_available() {
        assert!(std::env::var_os("CI").is_none(), "CI must install qemu-system-misc");
        println!("qemu conformance programs: SKIPPED (qemu-system-riscv64 not installed)");
        return;
    }
    let sources = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("guest/conformance");
    let mut checked = 0;
    for elf in common::elfs_in(&common::guest_dir().join("conformance")) {
        let name = elf.file_stem().unwrap().to_string_lossy().to_string();
        let source = std::fs::read_to_string(sources.join(format!("{name}.S"))).unwrap_or_default();
        if !source.contains("#define EXIT_THROUGH_FINISHER") {
            continue;
        }
        let elf = elf.to_string_lossy().to_string();
        if name == "wfi_unreachable" {
            let still_running = qemu_runs_for(&elf, Duration::from_secs(3));
            assert!(still_running, "{elf}: QEMU's wfi ended although nothing can wake it");
        } else {
            let (_, status) = run_qemu(&elf);
            assert_eq!(status, Some(0), "{elf}: fails on QEMU");
        }
        println!("{elf}: as expected on QEMU");
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} programs end through the finisher");
}

/// Is QEMU still running `elf` after `time`? (It is killed then.)
fn qemu_runs_for(elf: &str, time: Duration) -> bool {
    let mut child = Command::new("qemu-system-riscv64")
        .args(["-machine", "virt", "-bios", "none", "-nographic", "-monitor", "none"])
        .args(["-serial", "null", "-kernel", elf])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("qemu starts");
    std::thread::sleep(time);
    let running = child.try_wait().expect("qemu status").is_none();
    let _ = child.kill();
    let _ = child.wait();
    running
}
