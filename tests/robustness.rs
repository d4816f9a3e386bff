//! A guest can do anything and the host stays in control: trap loops end with
//! a message naming the pc and cause, wild accesses become guest-visible
//! faults, and nothing panics.

mod common;

use hartsim::isa::{Insn, Op};

use std::time::{Duration, Instant};

const T0: u8 = 5;

fn run_cli(name: &str, code: &[u8]) -> (Option<i32>, String, Duration) {
    let path = std::env::temp_dir().join(format!("hartsim-{name}-{}.elf", std::process::id()));
    std::fs::write(&path, common::flat_elf(code)).unwrap();
    let started = Instant::now();
    let out = common::hartsim(&["run", "--max-insns", "100000000", path.to_str().unwrap()]);
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code(), stderr, elapsed)
}

#[test]
fn a_handler_that_faults_again_stops_with_a_clear_message() {
    // mtvec -> a load from address 0, which faults, which enters the same handler...
    let code = common::code(&[
        Insn::new(Op::Auipc, T0, 0, 0, 0),
        Insn::new(Op::Addi, T0, T0, 0, 16),
        Insn::zicsr(Op::Csrrw, 0, T0, 0x305),
        Insn::new(Op::Ecall, 0, 0, 0, 0),
        Insn::new(Op::Ld, 6, 0, 0, 0), // the handler (at +16)
    ]);
    let (status, stderr, elapsed) = run_cli("refault", &code);
    assert_eq!(status, Some(125), "{stderr}");
    assert!(stderr.contains("trap loop"), "{stderr}");
    assert!(stderr.contains("load access fault"), "{stderr}");
    assert!(stderr.contains("0x80000010"), "names the pc: {stderr}");
    assert!(elapsed < Duration::from_secs(1), "took {elapsed:?}");
}

#[test]
fn a_handler_in_unmapped_memory_stops_at_once() {
    let code = common::code(&[
        Insn::new(Op::Lui, T0, 0, 0, 0x1000),
        Insn::zicsr(Op::Csrrw, 0, T0, 0x305),
        Insn::new(Op::Ecall, 0, 0, 0, 0),
    ]);
    let (status, stderr, elapsed) = run_cli("unmapped-handler", &code);
    assert_eq!(status, Some(125), "{stderr}");
    assert!(
        stderr.contains(
            "unhandled environment call from M-mode at pc 0x80000008; mtvec is 0x1000, where \
             nothing can be fetched"
        ),
        "{stderr}"
    );
    assert!(elapsed < Duration::from_secs(1));
}

#[test]
fn a_handler_of_illegal_instructions_stops_too() {
    // mtvec -> zeros in RAM: every fetch there is illegal, forever.
    let code = common::code(&[
        Insn::new(Op::Auipc, T0, 0, 0, 0x10000),
        Insn::zicsr(Op::Csrrw, 0, T0, 0x305),
        Insn::new(Op::Ecall, 0, 0, 0, 0),
    ]);
    let (status, stderr, _) = run_cli("illegal-handler", &code);
    assert_eq!(status, Some(125), "{stderr}");
    assert!(stderr.contains("trap loop") && stderr.contains("illegal instruction"), "{stderr}");
}

#[test]
fn wild_accesses_are_faults_the_guest_can_see() {
    // A handler that counts traps in s0 and skips the faulting instruction,
    // then: a store into the middle of nowhere, a load from the CLINT with a
    // width it refuses, a jump into the UART, and an exit with the count.
    let s0 = 8;
    let code = common::code(&[
        Insn::new(Op::Auipc, T0, 0, 0, 0),
        Insn::new(Op::Addi, T0, T0, 0, 0x100),
        Insn::zicsr(Op::Csrrw, 0, T0, 0x305),
        Insn::new(Op::Lui, 6, 0, 0, 0x4000_0000),
        Insn::new(Op::Sd, 0, 6, 6, 0), // unmapped store
        Insn::new(Op::Lui, 6, 0, 0, 0x0200_0000),
        Insn::new(Op::Lb, 7, 6, 0, 0), // CLINT refuses bytes
        Insn::new(Op::Lui, 6, 0, 0, 0x1000_0000),
        Insn::new(Op::Jal, 1, 0, 0, 8),  // ra = the exit code below
        Insn::new(Op::Jal, 0, 0, 0, 12), // over the jump into the UART, to the exit
        Insn::new(Op::Jalr, 0, 6, 0, 0), // fetch from the UART: access fault, returns to ra
        Insn::new(Op::Jal, 0, 0, 0, -4),
        // exit: finisher fail code = number of traps
        Insn::new(Op::Slli, s0, s0, 0, 16),
        Insn::new(Op::Ori, s0, s0, 0, 0x333),
        Insn::new(Op::Addi, 9, 0, 0, 3),
        Insn::new(Op::Slli, 9, 9, 0, 12),
        Insn::new(Op::Or, s0, s0, 9, 0),
        Insn::new(Op::Lui, 6, 0, 0, 0x0010_0000),
        Insn::new(Op::Sw, 0, 6, s0, 0),
    ]);
    let mut image = code;
    image.resize(0x100, 0);
    // The handler: count, and resume at ra for the fetch fault, else skip 4 bytes.
    image.extend(common::code(&[
        Insn::new(Op::Addi, s0, s0, 0, 1),
        Insn::zicsr(Op::Csrrs, 6, 0, 0x342), // mcause
        Insn::new(Op::Addi, 7, 0, 0, 1),
        Insn::new(Op::Bne, 0, 6, 7, 12),
        Insn::zicsr(Op::Csrrw, 0, 1, 0x341), // fetch fault: return to ra
        Insn::new(Op::Mret, 0, 0, 0, 0),
        Insn::zicsr(Op::Csrrs, 6, 0, 0x341),
        Insn::new(Op::Addi, 6, 6, 0, 4),
        Insn::zicsr(Op::Csrrw, 0, 6, 0x341),
        Insn::new(Op::Mret, 0, 0, 0, 0),
    ]));
    let (status, stderr, _) = run_cli("wild", &image);
    assert_eq!(status, Some(3), "three faults seen by the guest: {stderr}");
}
