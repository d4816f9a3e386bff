//! `hartsim debug` driven by a script on stdin, as a class would use it:
//! every command is echoed, then its output block.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

fn session(elf: &str, script: &str) -> (Option<i32>, String) {
    let path = common::guest_dir().join(elf);
    let mut child = Command::new(env!("CARGO_BIN_EXE_hartsim"))
        .args(["debug", &path.to_string_lossy()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (out.status.code(), text + &String::from_utf8_lossy(&out.stderr))
}

/// The output block of the `n`th command (0-based) of a transcript.
fn block(transcript: &str, n: usize) -> String {
    transcript
        .split("(hartsim) ")
        .nth(n + 1)
        .unwrap_or("")
        .lines()
        .skip(1)
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_has(text: &str, wanted: &str) {
    assert!(text.contains(wanted), "expected {wanted:?} in:\n{text}");
}

#[test]
fn a_scripted_session_breaks_steps_and_inspects() {
    let script = "where\nbreak sum_of_squares\ncontinue\nstep 2\nreg sp\ncsr mstatus\n\
                  disasm sum_of_squares 2\nwatch counter\ncontinue\ninfo\ndelete\n\
                  until spin_while_counter_set\nmem counter 8\nwrite counter 0\nset a0 0x2a\n\
                  continue\nwhere\ntlb\nquit\n";
    let (status, t) = session("debugging/debug_me.elf", script);
    assert_eq!(status, Some(0), "{t}");
    assert_eq!(block(&t, 0), "M-mode, pc 0x80000000 <_start>, 0 instructions retired");
    assert_eq!(block(&t, 1), "breakpoint 1 at 0x8000022e <sum_of_squares>");
    assert_eq!(block(&t, 2), "breakpoint: stopped at pc 0x8000022e <sum_of_squares>");
    let stepped = block(&t, 3);
    assert_eq!(stepped.lines().count(), 3, "two trace lines and where it stopped: {stepped}");
    assert_has(
        &stepped,
        "core   0: 3 0x000000008000022e (0x1101) x2  0x0000000080004340  # c.addi  sp,-32",
    );
    assert_has(&stepped, "stopped at pc 0x80000232 <sum_of_squares+0x4>");
    assert_eq!(block(&t, 4), "sp = 0x80004340 (2147500864)");
    assert_has(&block(&t, 5), "mstatus = 0x");
    assert_has(&block(&t, 6), "0x8000022e <sum_of_squares>:\tc.addi  sp,-32");
    assert_eq!(block(&t, 7), "watchpoint 2 on 8 bytes at 0x80000360 <counter>");
    assert_has(&block(&t, 8), "watchpoint: the next instruction will store to 0x80000360");
    assert_has(&block(&t, 9), "1: breakpoint at 0x8000022e <sum_of_squares>");
    assert_has(&block(&t, 9), "2: write watchpoint on 8 bytes at 0x80000360 <counter>");
    assert_eq!(block(&t, 10), "deleted all (2)");
    assert_has(&block(&t, 11), "sum of squares: 140");
    assert_has(&block(&t, 11), "breakpoint: stopped at pc 0x80000276 <spin_while_counter_set>");
    assert_eq!(block(&t, 12), "0x0000000080000360: 08 00 00 00 00 00 00 00");
    assert_eq!(block(&t, 13), "wrote 0x0 to 8 bytes at 0x80000360 <counter>");
    assert_eq!(block(&t, 14), "a0 = 0x2a (42)");
    assert_eq!(block(&t, 15), "the program exited with code 40");
    assert_has(&block(&t, 16), "the program has ended: exited with code 40");
    assert_eq!(block(&t, 17), "0 entries", "M-mode without PMP translates nothing");
}

#[test]
fn a_halt_is_reported_and_ends_the_program() {
    let (status, t) = session("debugging/null_deref.elf", "continue\nwhere\nstep\nquit\n");
    assert_eq!(status, Some(0));
    assert_has(&block(&t, 0), "the program halted at pc 0x0");
    assert_has(&block(&t, 1), "last trap: load access fault at pc 0x8000001e <main+0x8>, tval 0x0");
    assert_has(&block(&t, 2), "error: the program has ended");
}

#[test]
fn bad_commands_get_errors_and_the_session_goes_on() {
    let script = "bogus\nstep 0\nstep lots\nbreak nosuchsymbol\nbreak\nmem 0x10 4\nreg x99\n\
                  csr nosuchcsr\ndelete 7\ndisasm 0x10\nwatch _start 0\nwrite 0x10 1\n\
                  set x32 1\nwrite _start 1 3\nwhere\n";
    let (status, t) = session("hello.elf", script);
    assert_eq!(status, Some(0), "end of input ends the session: {t}");
    for n in 0..14 {
        let b = block(&t, n);
        if n == 5 {
            assert_eq!(b, "0x0000000000000010: -- -- -- --", "unreadable memory shows as --");
        } else {
            assert!(b.starts_with("error: "), "command {n} should be an error: {b}");
        }
    }
    assert_has(&block(&t, 14), "M-mode, pc 0x80000000");
    assert!(!t.contains("panicked"), "{t}");
}
