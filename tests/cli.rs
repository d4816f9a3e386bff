//! The command line as a user meets it: the demo, exit statuses, the
//! instruction limit, statistics, the trace format and the disassembler.

mod common;

fn guest(name: &str) -> String {
    common::guest_dir().join(name).to_string_lossy().into_owned()
}

#[test]
fn demo_runs_without_any_file() {
    let out = common::hartsim(&["demo"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout.starts_with("Hello from a RISC-V guest!"), "{stdout}");
    assert!(stdout.contains("Primes below 60: 2 3 5 7 11 13 17 19 23 29 31 37 41 43 47 53 59\n"));
    assert!(stdout.contains("Fibonacci(90) = 2880067194370816120\n"));
    assert!(stdout.contains("starts at 6171 (261 steps)"));
    assert!(stdout.contains("-1234567890123 / 1000 = -1234567890, remainder -123"));
}

#[test]
fn guest_exit_code_becomes_ours() {
    let out = common::hartsim(&["run", &guest("exit_code.elf")]);
    assert_eq!(out.status.code(), Some(7));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "about to fail with code 7\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("guest exited with code 7"));
}

#[test]
fn instruction_limit_stops_with_its_own_status() {
    let out = common::hartsim(&["run", "--max-insns", "1000", &guest("hello.elf")]);
    assert_eq!(out.status.code(), Some(124));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("stopped after 1000 instructions"), "{stderr}");
}

#[test]
fn stats_report_an_exact_deterministic_count() {
    let count = |out: &std::process::Output| {
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        let line = stderr.lines().find(|l| l.contains("instructions retired")).unwrap().to_string();
        assert!(line.contains("MIPS"), "{line}");
        line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap()
    };
    let a = common::hartsim(&["run", "--stats", &guest("hello.elf")]);
    let b = common::hartsim(&["demo", "--stats"]);
    let stepped = common::hartsim(&["run", "--stats", "--engine", "step", &guest("hello.elf")]);
    assert!(count(&a) > 100_000);
    assert_eq!(count(&a), count(&b), "same program, same count");
    assert_eq!(count(&a), count(&stepped), "same count one instruction at a time");
    assert_eq!(a.stdout, stepped.stdout);
}

/// Every trace line has Spike's commit-log shape: core, privilege, pc,
/// instruction bits, then register writes and memory accesses.
#[test]
fn trace_follows_spikes_commit_log_format() {
    let path = std::env::temp_dir().join(format!("hartsim-trace-{}.log", std::process::id()));
    let arg = format!("--trace={}", path.display());
    let out = common::hartsim(&[
        "run",
        &arg,
        "--trace-style",
        "spike",
        &guest("conformance/rv64i_memory.elf"),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let log = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    assert!(lines.len() > 50);
    for line in &lines {
        let rest = line.strip_prefix("core   0: 3 0x").unwrap_or_else(|| panic!("{line}"));
        let (pc, rest) = rest.split_at(16);
        assert!(pc.chars().all(|c| c.is_ascii_hexdigit()), "{line}");
        assert!(rest.starts_with(" (0x") && rest[12..].starts_with(')'), "{line}");
    }
    // A load: destination register, then the address read.
    assert!(
        lines.iter().any(|l| l.contains("(0x00058683) x13 0xffffffffffffff88 mem 0x")),
        "lb line missing"
    );
    // A store: the address and the value written, at the store's width.
    assert!(
        lines.iter().any(|l| l.ends_with(" 0x88") && l.contains(") mem 0x")),
        "sb line missing"
    );
    // The last line is the store to tohost that ends the program.
    assert!(lines.last().unwrap().ends_with("0x0000000000000001"), "{}", lines.last().unwrap());
    let annotated = common::hartsim(&["run", "--trace", &guest("conformance/rv64i_arith.elf")]);
    let stderr = String::from_utf8_lossy(&annotated.stderr);
    assert!(stderr.lines().next().unwrap().contains("  # "), "disassembly appended");
    assert!(stderr.contains("# li      gp,1"), "{}", &stderr[..400.min(stderr.len())]);
}

#[test]
fn disassembles_like_objdump() {
    let out = common::hartsim(&["disasm", &guest("conformance/rv64i_control.elf")]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Disassembly of section .text:"), "{text}");
    assert!(text.contains("0000000080000000 <_start>:"), "{text}");
    assert!(text.contains("<trap_handler>"), "jump targets are labelled");
    assert!(text.contains("csrw    mtvec,t0"));
    assert!(text.contains("mret"));
}

#[test]
fn help_explains_the_commands() {
    let out = common::hartsim(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for word in ["run", "demo", "disasm", "Exit status"] {
        assert!(text.contains(word), "{word} missing from --help");
    }
    let out = common::hartsim(&["run", "--help"]);
    let text = String::from_utf8_lossy(&out.stdout);
    for flag in ["--memory", "--max-insns", "--trace", "--stats", "--misaligned"] {
        assert!(text.contains(flag), "{flag} missing from run --help");
    }
}

#[test]
fn misaligned_accesses_can_trap_instead() {
    // The misaligned program expects hardware support: with --misaligned trap
    // its first misaligned load traps into its handler and it reports case 1.
    let out = common::hartsim(&[
        "run",
        "--misaligned",
        "trap",
        &guest("conformance/rv64i_misaligned.elf"),
    ]);
    assert_eq!(out.status.code(), Some(((1 | 1024) as u8) as i32));
}

#[test]
fn waiting_for_a_key_uses_almost_no_cpu() {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_hartsim"))
        .args(["run", &guest("calculator.elf")])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // The calculator is now sleeping in wfi, waiting for a key.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", child.id())).unwrap();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap().split_whitespace().collect();
    // utime and stime are fields 14 and 15 of /proc/PID/stat (12 and 13 after the name).
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    // SAFETY: sysconf only reads a system constant.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let cpu_seconds = ticks as f64 / per_second;
    child.stdin.as_mut().unwrap().write_all(b"6*7\nquit\n").unwrap();
    let mut out = String::new();
    child.stdout.take().unwrap().read_to_string(&mut out).unwrap();
    assert!(child.wait().unwrap().success());
    assert!(out.contains("= 42"), "{out}");
    println!("CPU used while waiting 1.5 s for a key: {cpu_seconds:.2} s");
    assert!(cpu_seconds < 0.3, "hartsim burned {cpu_seconds} s of CPU while the guest waited");
}

#[test]
fn dumpdtb_writes_a_tree_dtc_can_read() {
    let path = std::env::temp_dir().join(format!("hartsim-{}.dtb", std::process::id()));
    let out = common::hartsim(&["dumpdtb", path.to_str().unwrap(), "--bootargs", "console=ttyS0"]);
    assert_eq!(out.status.code(), Some(0));
    let blob = std::fs::read(&path).unwrap();
    assert_eq!(blob[..4], [0xd0, 0x0d, 0xfe, 0xed]);
    let dtc =
        std::process::Command::new("dtc").args(["-I", "dtb", "-O", "dts"]).arg(&path).output();
    let Ok(dtc) = dtc else {
        assert!(std::env::var_os("CI").is_none(), "CI must install device-tree-compiler");
        println!("dtc not installed: checked the blob's magic only");
        return;
    };
    assert!(dtc.status.success(), "{}", String::from_utf8_lossy(&dtc.stderr));
    let dts = String::from_utf8_lossy(&dtc.stdout);
    for node in [
        "cpu@0",
        "riscv,isa = \"rv64imafdc",
        "timebase-frequency = <0x989680>",
        "interrupt-controller",
        "memory@80000000",
        "clint@2000000",
        "plic@c000000",
        "serial@10000000",
        "test@100000",
        "rtc@101000",
        "compatible = \"google,goldfish-rtc\"",
        "interrupts = <0x0b>",
        "poweroff",
        "reboot",
        "stdout-path = \"/soc/serial@10000000\"",
        "bootargs = \"console=ttyS0\"",
    ] {
        assert!(dts.contains(node), "{node} missing from:\n{dts}");
    }
}

#[test]
fn guest_finds_the_device_tree_in_a1() {
    // The demo does not read a1, but the machine must put the tree where a1 points.
    let bytes = std::fs::read(guest("hello.elf")).unwrap();
    let m = hartsim::Machine::from_elf(
        &bytes,
        hartsim::MachineConfig { capture_output: true, ..Default::default() },
    )
    .unwrap();
    let a1 = m.x(11).unwrap();
    assert_eq!(a1, 0x87e0_0000, "QEMU's address for 128 MiB");
    let mut magic = [0u8; 4];
    m.read_phys(a1, &mut magic).unwrap();
    assert_eq!(magic, [0xd0, 0x0d, 0xfe, 0xed]);
}

#[test]
fn timer_interrupts_work_on_the_host_clock_too() {
    let out = common::hartsim(&["run", "--clock", "host", &guest("conformance/interrupts.elf")]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Runs `hartsim args` with an endless stream of `line` on stdin (up to
/// `limit` bytes, then end of input); returns its exit status, stdout and
/// peak resident memory in KiB.
// The child is reaped by wait4 (for its peak memory), not Child::wait.
#[allow(clippy::zombie_processes)]
fn run_with_endless_input(args: &[&str], line: &[u8], limit: usize) -> (i32, String, i64) {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_hartsim"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("hartsim starts");
    let mut stdin = child.stdin.take().unwrap();
    let chunk: Vec<u8> = line.iter().copied().cycle().take(line.len() * 4096).collect();
    let writer = std::thread::spawn(move || {
        let mut sent = 0;
        // Stops when hartsim exits (broken pipe) or at the limit.
        while sent < limit && stdin.write_all(&chunk).is_ok() {
            sent += chunk.len();
        }
    });
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = stdout.read_to_string(&mut out);
        out
    });
    let mut status = 0;
    // SAFETY: rusage is plain data that wait4 fills in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, writing into the two locals.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32);
    writer.join().unwrap();
    let out = reader.join().unwrap();
    (libc::WEXITSTATUS(status), out, usage.ru_maxrss)
}

#[test]
fn console_input_is_read_only_as_the_guest_takes_it() {
    // 1 GiB of input offered to a calculator that gets through a small part
    // of it in 30 million instructions: the rest must stay in the pipe, not
    // in hartsim's memory.
    let calc = guest("calculator.elf");
    let args = ["run", "--max-insns", "30000000", &calc];
    let (code, out, peak_kib) = run_with_endless_input(&args, b"12*(3+4)\n", 1 << 30);
    assert_eq!(code, 124, "stopped by the instruction limit");
    assert!(out.matches("= 84\n").count() > 100, "the guest got its input: {}", &out[..200]);
    assert!(peak_kib < 64 << 10, "peak memory {peak_kib} KiB");
    // A guest that never reads input (yes | hartsim run hello.elf).
    let hello = guest("hello.elf");
    let (code, out, peak_kib) = run_with_endless_input(&["run", &hello], b"y\n", 1 << 30);
    assert_eq!(code, 0);
    assert!(out.starts_with("Hello"));
    assert!(peak_kib < 64 << 10, "peak memory {peak_kib} KiB");
}

/// hartsim must refuse `args` with status 2 and one line on stderr holding `expect`.
fn assert_one_line_error(args: &[&str], expect: &str) {
    let out = common::hartsim(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{args:?}: one line expected: {stderr}");
    assert!(stderr.starts_with("hartsim: ") && stderr.contains(expect), "{args:?}: {stderr}");
}

fn temp_file(name: &str, bytes: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("hartsim-cli-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn endless_files_are_refused_at_once() {
    assert_one_line_error(&["run", "/dev/zero"], "/dev/zero: not an ELF file");
    assert_one_line_error(&["disasm", "/dev/zero"], "/dev/zero: not an ELF file");
    let hello = guest("hello.elf");
    assert_one_line_error(&["run", "--dtb", "/dev/zero", &hello], "not a flattened device tree");
    // An ELF magic number followed by more than 1 GiB: a sparse file, so the
    // test writes nothing.
    let path = std::env::temp_dir().join(format!("hartsim-cli-{}-huge.elf", std::process::id()));
    let file = std::fs::File::create(&path).unwrap();
    file.set_len((1 << 30) + 1).unwrap();
    drop(file);
    let mut f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    std::io::Write::write_all(&mut f, b"\x7fELF").unwrap();
    let path = path.to_string_lossy().into_owned();
    assert_one_line_error(
        &["run", &path],
        "larger than 1024 MiB, the most hartsim reads for an ELF file",
    );
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn a_device_tree_that_does_not_fit_is_refused() {
    let hello = guest("hello.elf");
    let mut big = vec![0u8; (2 << 20) + 1];
    big[..4].copy_from_slice(&[0xd0, 0x0d, 0xfe, 0xed]);
    let big = temp_file("big.dtb", &big);
    assert_one_line_error(
        &["run", "--dtb", &big, &hello],
        "larger than 2 MiB, the most hartsim reads for a device tree file",
    );
    let mut over_ram = vec![0u8; 100 << 10];
    over_ram[..4].copy_from_slice(&[0xd0, 0x0d, 0xfe, 0xed]);
    let over_ram = temp_file("over-ram.dtb", &over_ram);
    assert_one_line_error(
        &["run", "--memory", "64K", "--dtb", &over_ram, &hello],
        "does not fit in RAM",
    );
}

#[test]
fn a_device_tree_under_the_program_is_refused() {
    // A program whose .bss fills all 4 MiB of RAM, over where the tree goes.
    let pass: [u32; 4] = [0x0010_02b7, 0x0000_5337, 0x5553_0313, 0x0062_a023];
    let code: Vec<u8> = pass.iter().flat_map(|w| w.to_le_bytes()).collect();
    let mut elf = common::flat_elf(&code);
    elf[64 + 40..64 + 48].copy_from_slice(&(4u64 << 20).to_le_bytes());
    let elf = temp_file("fills-ram.elf", &elf);
    let dtb = hartsim::Machine::builder().memory(4 << 20).build().unwrap().dtb().to_vec();
    let dtb = temp_file("small.dtb", &dtb);
    assert_one_line_error(
        &["run", "--memory", "4M", "--dtb", &dtb, &elf],
        "the device tree goes at 0x80200000..",
    );
    // The generated tree is only skipped, with a warning: the program runs.
    let out = common::hartsim(&["run", "--memory", "4M", &elf]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A program with no trap handler that reads through a null pointer: the
/// report names the fault, the function, the pc and the address.
#[test]
fn an_unhandled_fault_is_named_with_its_symbol_and_address() {
    let out = common::hartsim(&["run", &guest("debugging/null_deref.elf")]);
    assert_eq!(out.status.code(), Some(125));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "two lines by default: {stderr}");
    assert!(lines[0].starts_with("hartsim: unhandled load access fault at main+0x"), "{stderr}");
    assert!(lines[0].contains("address 0x0; mtvec is 0x0"), "{stderr}");
    assert!(lines[1].starts_with("hartsim: M-mode at pc 0x0 after "), "{stderr}");

    let full = common::hartsim(&["run", "--report", &guest("debugging/null_deref.elf")]);
    let stderr = String::from_utf8_lossy(&full.stderr);
    assert!(stderr.contains("mcause 0x5"), "{stderr}");
    assert!(stderr.contains("mtval 0x0"), "{stderr}");
    for reg in ["zero", "ra", "sp", "a0", "t6"] {
        assert!(stderr.contains(&format!(" {reg} 0x")), "{reg} missing: {stderr}");
    }
}

/// Any stop other than the guest's exit says where the hart stands.
#[test]
fn the_instruction_limit_reports_where_the_hart_stands() {
    let out = common::hartsim(&["run", "--max-insns", "1000", &guest("hello.elf")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines[0], "hartsim: stopped after 1000 instructions (--max-insns)");
    assert!(lines[1].starts_with("hartsim: M-mode at "), "{stderr}");
    assert!(lines[1].contains("(pc 0x8000"), "a symbol and the pc: {stderr}");
    assert!(lines[1].ends_with("no trap taken"), "{stderr}");
}

/// SIGTERM (and SIGINT) stop the run cleanly: flushed, reported, 128 + signal.
#[test]
fn a_signal_stops_the_run_with_a_report() {
    use std::io::{BufRead, BufReader, Read};
    use std::process::{Command, Stdio};
    for (signal, status, name) in [(libc::SIGTERM, 143, "SIGTERM"), (libc::SIGINT, 130, "SIGINT")] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hartsim"))
            .args(["run", &guest("calculator.elf")])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Once the calculator has printed its banner, hartsim is running
        // (its signal handlers are in place) and the guest waits for a key.
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut seen = String::new();
        while !seen.contains("calculator") {
            assert!(stdout.read_line(&mut seen).unwrap() > 0, "no banner: {seen}");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        // SAFETY: kill only sends a signal to our own child.
        unsafe { libc::kill(child.id() as i32, signal) };
        let _ = stdout.read_to_string(&mut seen);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(status), "{name}: {stderr}");
        assert!(stderr.contains(&format!("hartsim: stopped by {name}")), "{stderr}");
        assert!(stderr.contains("M-mode at "), "{stderr}");
    }
}

/// `hartsim run prog.elf | head`: once stdout is closed the run stops with
/// one line and the status a shell gives for SIGPIPE.
#[test]
fn a_closed_stdout_stops_the_run() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_hartsim"))
        .args(["run", &guest("hello.elf")])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(141), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("cannot write the guest's output to stdout"), "{stderr}");
}

/// The program template (guest/template, picolibc's printf and malloc)
/// runs as built by its own Makefile.
#[test]
fn the_program_template_runs() {
    let out = common::hartsim(&["run", &guest("template.elf")]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Hello from picolibc on RISC-V!\nthe first 10 Fibonacci numbers: 0 1 1 2 3 5 8 13 21 \
         34\nsqrt-free pi estimate: 3.33968\n"
    );
}

/// `--trace FILE` (with a space) cannot work, since a bare `--trace` means
/// stderr; the error says how to write it.
#[test]
fn a_trace_file_after_a_space_gets_a_hint() {
    let out = common::hartsim(&["run", "--trace", "t.log", &guest("hello.elf")]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("hint: give the trace file as --trace=FILE"), "{stderr}");
}

/// `--status-file` tells a guest's own exit code from hartsim's statuses,
/// even when they are the same number.
#[test]
fn the_status_file_tells_guest_codes_from_hartsims() {
    let path = std::env::temp_dir().join(format!("hartsim-status-{}", std::process::id()));
    let arg = format!("--status-file={}", path.display());
    let out = common::hartsim(&["run", &arg, &guest("exit_code.elf")]);
    assert_eq!(out.status.code(), Some(7));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "exit 7\n");
    let out = common::hartsim(&["run", &arg, "--max-insns", "10", &guest("hello.elf")]);
    assert_eq!(out.status.code(), Some(124));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "stop insn-limit\n");
    let out = common::hartsim(&["run", &arg, &guest("debugging/null_deref.elf")]);
    assert_eq!(out.status.code(), Some(125));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "stop halted\n");
    let _ = std::fs::remove_file(&path);
}

/// `--stats` counts what is free to count; `--profile` adds the mix,
/// branches, loads/stores and hot spots; `--stats-json` writes them all.
#[test]
fn stats_profile_and_json() {
    let out = common::hartsim(&["run", "--stats", &guest("conformance/traps.elf")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("blocks built"), "{stderr}");
    assert!(stderr.contains("TLB misses"), "{stderr}");
    let exceptions = stderr.lines().find(|l| l.contains(" exceptions")).unwrap();
    assert!(exceptions.contains("illegal instruction"), "traps by cause: {stderr}");

    let json = std::env::temp_dir().join(format!("hartsim-stats-{}.json", std::process::id()));
    let arg = format!("--stats-json={}", json.display());
    let out = common::hartsim(&["run", "--profile", &arg, &guest("hello.elf")]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for wanted in
        ["by extension: i ", "by class: alu ", "compressed", "% taken", "loads", "hot spots: "]
    {
        assert!(stderr.contains(wanted), "{wanted}: {stderr}");
    }
    let text = std::fs::read_to_string(&json).unwrap();
    let retired: u64 = stderr.split_whitespace().nth(1).unwrap().parse().unwrap();
    assert!(text.contains(&format!("\"instructions\": {retired},")), "{text}");
    for key in ["\"by_extension\": {\"", "\"branches_taken\": ", "\"hot_spots\": [{\"symbol\": "] {
        assert!(text.contains(key), "{key}: {text}");
    }
    assert!(text.trim_end().ends_with('}'));
    let _ = std::fs::remove_file(&json);
}

/// `--trace-from`/`--trace-to` trace a window: from a symbol to a count.
#[test]
fn the_trace_can_be_a_window() {
    let path = std::env::temp_dir().join(format!("hartsim-window-{}.log", std::process::id()));
    let arg = format!("--trace={}", path.display());
    let elf = guest("hello.elf");
    let out = common::hartsim(&["run", &arg, "--trace-from", "main", "--trace-to", "2000", &elf]);
    assert_eq!(out.status.code(), Some(0));
    let trace = std::fs::read_to_string(&path).unwrap();
    let main = hartsim::elf::load_elf(&std::fs::read(&elf).unwrap(), hartsim::DEFAULT_MEMORY)
        .unwrap()
        .symbols
        .address_of("main")
        .unwrap();
    let first = trace.lines().next().unwrap();
    assert!(first.starts_with(&format!("core   0: 3 0x{main:016x} ")), "{first}");
    let lines = trace.lines().filter(|l| !l.contains("exception")).count();
    assert!(lines > 100 && lines < 2000, "from main to instruction 2000: {lines} lines");
    let out = common::hartsim(&["run", &arg, "--trace-from", "nosuchsymbol", &elf]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_file(&path);
}
