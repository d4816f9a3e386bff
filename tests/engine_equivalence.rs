//! The block engine (`Machine::run`) against single-stepping
//! (`Machine::run_stepping`, the loop the tracer uses) on every guest program: same outcome, same retired
//! count, same console output, same final registers and trap CSRs. Also
//! with instruction limits that stop runs in the middle of blocks, where
//! the count must be exactly the limit.

mod common;

use common::{elfs_in, guest_dir};
use hartsim::ConsoleInput;
use hartsim::{Machine, MachineConfig, RunOutcome};
use std::path::Path;

const CALCULATOR_INPUT: &[u8] = b"1+2*3\n(7-10)*4 % 5\n12/0\nquit\n";

fn machine(elf: &Path) -> Machine {
    let input = if elf.ends_with("calculator.elf") {
        ConsoleInput::Bytes(CALCULATOR_INPUT.to_vec())
    } else {
        ConsoleInput::None
    };
    let config = MachineConfig { capture_output: true, console_input: input, ..Default::default() };
    Machine::from_elf_file(elf.to_str().unwrap(), config).unwrap()
}

/// Everything a run leaves behind that the two engines must agree on.
#[derive(Debug, PartialEq)]
struct End {
    outcome: RunOutcome,
    retired: u64,
    output: Vec<u8>,
    pc: u64,
    x: [u64; 32],
    f: [u64; 32],
    csrs: [u64; 6],
}

fn end(m: Machine, outcome: RunOutcome) -> End {
    let csr = |name| m.csr_by_name(name).unwrap();
    End {
        outcome,
        retired: m.retired(),
        output: m.console_output().unwrap_or_default(),
        pc: m.pc(),
        x: std::array::from_fn(|n| m.x(n).unwrap()),
        f: std::array::from_fn(|n| m.f(n).unwrap()),
        csrs: ["mstatus", "mcause", "mepc", "mtval", "scause", "sepc"].map(csr),
    }
}

fn blocks(elf: &Path, limit: Option<u64>) -> End {
    let mut m = machine(elf);
    let outcome = m.run(limit);
    end(m, outcome)
}

fn stepped(elf: &Path, limit: Option<u64>) -> End {
    let mut m = machine(elf);
    let outcome = m.run_stepping(limit);
    end(m, outcome)
}

fn programs() -> Vec<std::path::PathBuf> {
    let dir = guest_dir();
    let mut all = elfs_in(&dir);
    all.extend(elfs_in(&dir.join("conformance")));
    all.extend(
        elfs_in(&dir.join("bench"))
            .into_iter()
            .filter(|p| p.file_name().unwrap().to_str().unwrap().ends_with("-small.elf")),
    );
    all
}

#[test]
fn block_engine_matches_single_stepping() {
    let mut checked = 0;
    for elf in programs() {
        let (fast, slow) = (blocks(&elf, None), stepped(&elf, None));
        assert!(fast.retired > 0, "{}: nothing ran", elf.display());
        assert_eq!(fast, slow, "{}", elf.display());
        checked += 1;
    }
    assert!(checked >= 35, "only {checked} programs found");
}

#[test]
fn instruction_limits_stop_exactly_mid_block() {
    let dir = guest_dir();
    let elfs = [
        dir.join("bench/crc32-small.elf"),
        dir.join("bench/sv39-small.elf"),
        dir.join("conformance/interrupts.elf"),
        dir.join("fp_battery.elf"),
    ];
    for elf in &elfs {
        for limit in [1, 7, 1000, 12_345, 99_999, 250_001] {
            let (fast, slow) = (blocks(elf, Some(limit)), stepped(elf, Some(limit)));
            assert_eq!(fast, slow, "{} with limit {limit}", elf.display());
            if fast.outcome == RunOutcome::InsnLimit {
                assert_eq!(fast.retired, limit, "{}", elf.display());
            }
        }
    }
}
