//! The GDB stub as a user meets it: a real `gdb-multiarch` in batch mode
//! against `hartsim run --gdb`, on a program built with `-g`
//! (guest/debugging/debug_me.c). Without gdb-multiarch these tests say they
//! skipped, except in CI, where they fail.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn guest(name: &str) -> String {
    common::guest_dir().join(name).to_string_lossy().into_owned()
}

fn gdb_available(test: &str) -> bool {
    let found =
        Command::new("gdb-multiarch").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        assert!(std::env::var_os("CI").is_none(), "CI must install gdb-multiarch");
        println!("{test}: SKIPPED (gdb-multiarch not installed)");
    }
    found
}

/// hartsim waiting for GDB on a port of its choosing, and that port; its
/// output is collected as it comes.
struct Hartsim {
    child: Child,
    port: u16,
    stdout: Arc<Mutex<String>>,
    readers: Vec<std::thread::JoinHandle<()>>,
    stderr: Arc<Mutex<String>>,
}

/// Copy `from` into `into` as it arrives.
fn collect(
    mut from: impl Read + Send + 'static,
    into: &Arc<Mutex<String>>,
) -> std::thread::JoinHandle<()> {
    let into = Arc::clone(into);
    std::thread::spawn(move || {
        let mut buf = [0u8; 256];
        while let Ok(n) = from.read(&mut buf) {
            if n == 0 {
                break;
            }
            into.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    })
}

fn start_hartsim(elf: &str) -> Hartsim {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hartsim"))
        .args(["run", "--gdb", "127.0.0.1:0", elf])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    // "hartsim: waiting for GDB on 127.0.0.1:0 (gdb-multiarch ... 'target remote :PORT')"
    let port = first
        .rsplit_once("target remote :")
        .and_then(|(_, rest)| rest.trim_end().trim_end_matches([')', '\'']).parse().ok())
        .unwrap_or_else(|| panic!("no port in {first:?}"));
    let (out, err) = (Arc::new(Mutex::new(String::new())), Arc::new(Mutex::new(first)));
    let readers = vec![collect(child.stdout.take().unwrap(), &out), collect(stderr, &err)];
    Hartsim { child, port, stdout: out, readers, stderr: err }
}

impl Hartsim {
    /// Wait (at most a minute) until the guest has printed `text`.
    fn wait_for_output(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !self.stdout.lock().unwrap().contains(text) {
            assert!(Instant::now() < deadline, "the guest never printed {text:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait for hartsim to end: its exit status, stdout and stderr.
    fn finish(mut self) -> (Option<i32>, String, String) {
        let deadline = Instant::now() + Duration::from_secs(60);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("hartsim did not end");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        for reader in self.readers.drain(..) {
            reader.join().unwrap();
        }
        let stdout = self.stdout.lock().unwrap().clone();
        let stderr = self.stderr.lock().unwrap().clone();
        (status, stdout, stderr)
    }
}

/// Start gdb-multiarch in batch mode on `elf`, connected to `port`, running `commands`.
fn spawn_gdb(elf: &str, port: u16, commands: &[&str]) -> Child {
    let source_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("guest");
    let mut cmd = Command::new("gdb-multiarch");
    cmd.args(["-q", "-batch", "-nx", elf]);
    cmd.arg("-ex").arg(format!("directory {}", source_dir.display()));
    cmd.arg("-ex").arg(format!("target remote :{port}"));
    for c in commands {
        cmd.arg("-ex").arg(c);
    }
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap()
}

fn gdb_output(gdb: Child) -> String {
    let out = gdb.wait_with_output().unwrap();
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn assert_has(text: &str, wanted: &str) {
    assert!(text.contains(wanted), "expected {wanted:?} in:\n{text}");
}

#[test]
fn breakpoints_stepping_registers_memory_and_watchpoints() {
    if !gdb_available("gdb session") {
        return;
    }
    let elf = guest("debugging/debug_me.elf");
    let hartsim = start_hartsim(&elf);
    let gdb = spawn_gdb(
        &elf,
        hartsim.port,
        &[
            "break sum_of_squares",
            "continue",
            "next",
            "next",
            "step",
            "bt",
            "finish",
            "info registers pc sp",
            "p/x $mcause",
            "p $priv",
            "p $fcsr",
            "p $ft0",
            "set $t0 = 0x1234",
            "p/x $t0",
            "set var squares[7] = 99",
            "p squares[7]",
            "x/2xg &squares",
            "watch counter",
            "continue",
            "delete",
            "rwatch counter",
            "continue",
            "delete",
            "awatch counter",
            "continue",
            "delete",
            "hbreak spin_while_counter_set",
            "continue",
            "stepi",
            "monitor insns",
            "monitor tlb",
            "set var counter = 0",
            "delete",
            "continue",
        ],
    );
    let text = gdb_output(gdb);
    let (status, stdout, stderr) = hartsim.finish();
    assert_has(&text, "Breakpoint 1, sum_of_squares (n=n@entry=8) at debugging/debug_me.c:12");
    assert_has(&text, "square (x=x@entry=0) at debugging/debug_me.c:9");
    assert_has(&text, "#1  0x");
    assert_has(&text, "in sum_of_squares (n=n@entry=8) at debugging/debug_me.c:15");
    assert_has(&text, "Value returned is $1 = 0");
    assert_has(&text, "pc             0x800");
    assert_has(&text, "sp             0x800");
    assert_has(&text, "$2 = 0x0"); // mcause: no trap yet
    assert_has(&text, "$3 = 3"); // $priv: M-mode
    assert_has(&text, "$6 = 0x1234");
    assert_has(&text, "$7 = 99");
    assert_has(&text, "Old value = 0\nNew value = 1");
    assert_has(&text, "Hardware read watchpoint 3: counter\n\nValue = 1");
    assert_has(&text, "Hardware access (read/write) watchpoint 4: counter");
    assert_has(&text, "Hardware assisted breakpoint 5 at 0x");
    assert_has(&text, "Breakpoint 5, spin_while_counter_set () at debugging/debug_me.c:25");
    assert_has(&text, "instructions retired");
    assert_has(&text, "entries (TLB: virtual page -> physical page)");
    assert_has(&text, "[Inferior 1 (process 1) exited with code 050]");
    assert_eq!(status, Some(40), "the guest's exit code is hartsim's: {stderr}");
    assert_eq!(stdout, "sum of squares: 140\n");
}

#[test]
fn ctrl_c_interrupts_a_running_guest_and_detach_lets_it_finish() {
    if !gdb_available("gdb interrupt") {
        return;
    }
    let elf = guest("debugging/debug_me.elf");
    let hartsim = start_hartsim(&elf);
    let gdb = spawn_gdb(
        &elf,
        hartsim.port,
        &["continue", "bt 1", "monitor why", "set var counter = 0", "detach"],
    );
    // The guest prints its sum, then spins until counter is 0.
    hartsim.wait_for_output("sum of squares: 140");
    std::thread::sleep(Duration::from_millis(300));
    // SAFETY: kill only sends SIGINT (what Ctrl-C sends) to our own child.
    unsafe { libc::kill(gdb.id() as i32, libc::SIGINT) };
    let text = gdb_output(gdb);
    let (status, stdout, stderr) = hartsim.finish();
    assert_has(&text, "Program received signal SIGINT");
    assert_has(&text, "spin_while_counter_set () at debugging/debug_me.c:25");
    assert_has(&text, "interrupted by GDB at pc 0x");
    assert_has(&text, "[Inferior 1 (process 1) detached]");
    assert_eq!(status, Some(40), "after detach the program runs to its end: {stderr}");
    assert_eq!(stdout, "sum of squares: 140\n");
}

#[test]
fn kill_ends_the_run() {
    if !gdb_available("gdb kill") {
        return;
    }
    let elf = guest("debugging/debug_me.elf");
    let hartsim = start_hartsim(&elf);
    let gdb = spawn_gdb(&elf, hartsim.port, &["break main", "continue", "kill"]);
    let text = gdb_output(gdb);
    let (status, _, stderr) = hartsim.finish();
    assert_has(&text, "Breakpoint 1, main ()");
    assert_eq!(status, Some(137), "{stderr}");
    assert_has(&stderr, "hartsim: killed by GDB");
}

/// A packet as the remote protocol frames it.
fn packet(body: &str) -> Vec<u8> {
    let sum = body.bytes().fold(0u8, |s, b| s.wrapping_add(b));
    format!("${body}#{sum:02x}").into_bytes()
}

/// Send `body` and return the reply's body.
fn exchange(stream: &mut TcpStream, body: &str) -> String {
    stream.write_all(&packet(body)).unwrap();
    let mut reply = Vec::new();
    let mut byte = [0u8];
    // Skip the acknowledgement, read up to '#', then the two checksum digits.
    loop {
        stream.read_exact(&mut byte).unwrap();
        if byte[0] == b'$' {
            break;
        }
    }
    loop {
        stream.read_exact(&mut byte).unwrap();
        if byte[0] == b'#' {
            break;
        }
        reply.push(byte[0]);
    }
    let mut sum = [0u8; 2];
    stream.read_exact(&mut sum).unwrap();
    stream.write_all(b"+").unwrap();
    run_length_decoded(&reply)
}

/// Undo the protocol's run-length encoding: `X*N` is X and then N - 29 more X.
fn run_length_decoded(body: &[u8]) -> String {
    let mut out = String::new();
    let mut bytes = body.iter().copied();
    while let Some(b) = bytes.next() {
        if b == b'*' {
            let last = out.chars().last().unwrap_or('0');
            let count = bytes.next().map_or(0, |n| n as usize - 29);
            out.extend(std::iter::repeat_n(last, count));
        } else {
            out.push(b as char);
        }
    }
    out
}

#[test]
fn bad_packets_get_errors_and_a_dropped_client_leaves_hartsim_waiting() {
    if !gdb_available("gdb bad packets") {
        return;
    }
    let elf = guest("hello.elf");
    let hartsim = start_hartsim(&elf);
    let mut raw = TcpStream::connect(("127.0.0.1", hartsim.port)).unwrap();
    raw.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    // Unmapped memory, a register that does not exist, an unknown query.
    assert!(exchange(&mut raw, "m10,4").starts_with('E'), "a read of unmapped memory");
    assert!(exchange(&mut raw, "M10,2:abcd").starts_with('E'), "a write to unmapped memory");
    let reply = exchange(&mut raw, "p4200");
    assert!(reply.starts_with('E'), "a register past the last: {reply:?}");
    assert_eq!(exchange(&mut raw, "qNoSuchQuery"), "", "unknown packets are unsupported");
    assert_eq!(exchange(&mut raw, "p20"), "0000008000000000", "pc, after the bad packets");
    // Go away in the middle of a packet.
    raw.write_all(b"$m8000").unwrap();
    drop(raw);
    // A bad checksum ends that connection (gdbstub does not ask again).
    let mut raw = TcpStream::connect(("127.0.0.1", hartsim.port)).unwrap();
    raw.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    raw.write_all(b"$g#00").unwrap();
    let mut rest = Vec::new();
    let _ = raw.read_to_end(&mut rest);
    assert!(!rest.contains(&b'$'), "no reply to a corrupt packet: {rest:?}");
    drop(raw);
    // hartsim waits for the next debugger, which finds the program untouched.
    let gdb = spawn_gdb(&elf, hartsim.port, &["p $pc", "continue"]);
    let text = gdb_output(gdb);
    let (status, stdout, stderr) = hartsim.finish();
    assert_has(&text, "0x80000000 <_start>");
    assert_has(&text, "[Inferior 1 (process 1) exited normally]");
    assert_has(&stderr, "waiting for GDB again");
    assert_eq!(status, Some(0), "{stderr}");
    assert!(stdout.starts_with("Hello from a RISC-V guest!"), "{stdout}");
}
