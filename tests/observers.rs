//! Observers see the run the engine makes: every retired instruction (the
//! count matches the machine's), every trap and interrupt (matching what
//! the guest's CSRs say), and every device access (the UART writes are the
//! console output). A run with a trap-only observer keeps the fast engine and
//! ends exactly as an unobserved one; an observer can stop the run.

mod common;

use hartsim::isa::Insn;
use hartsim::{
    DeviceAccess, HartView, Machine, MachineConfig, MemAccess, Observer, RunOutcome, Trap,
};
use std::ops::ControlFlow;

fn machine(elf: &str) -> Machine {
    let path = common::guest_dir().join(elf);
    let config = MachineConfig { capture_output: true, ..Default::default() };
    Machine::from_elf_file(path.to_str().unwrap(), config).expect("guest program loads")
}

/// Counts what it sees; stops after `stop_after` instructions if set.
#[derive(Default)]
struct Counter {
    before: u64,
    retired: u64,
    stores: u64,
    traps: Vec<Trap>,
    stop_after: Option<u64>,
}

impl Observer for Counter {
    const EACH_INSTRUCTION: bool = true;

    fn before(&mut self, _insn: &Insn, _hart: &HartView) -> ControlFlow<String> {
        self.before += 1;
        ControlFlow::Continue(())
    }

    fn retired(&mut self, _: &Insn, mem: Option<&MemAccess>, _: &HartView) -> ControlFlow<String> {
        self.retired += 1;
        self.stores += mem.is_some_and(|m| m.stored.is_some()) as u64;
        match self.stop_after {
            Some(n) if self.retired == n => ControlFlow::Break(format!("seen {n}")),
            _ => ControlFlow::Continue(()),
        }
    }

    fn trap(&mut self, trap: &Trap, hart: &HartView) -> ControlFlow<String> {
        // The handler's CSRs hold what the trap says.
        let (cause, epc) = match trap.to {
            hartsim::Privilege::Machine => (0x342, 0x341),
            _ => (0x142, 0x141),
        };
        let bit = (trap.interrupt as u64) << 63;
        assert_eq!(hart.csr(cause), Some(trap.code | bit));
        assert_eq!(hart.csr(epc), Some(trap.epc));
        assert_eq!(hart.privilege(), trap.to);
        self.traps.push(*trap);
        ControlFlow::Continue(())
    }
}

#[test]
fn every_instruction_and_trap_is_seen_once() {
    let mut plain = machine("conformance/traps.elf");
    let expected = plain.run(None);
    let mut m = machine("conformance/traps.elf");
    let mut counter = Counter::default();
    let outcome = m.run_observed(None, &mut counter);
    assert_eq!(outcome, expected);
    assert_eq!(counter.retired, m.retired());
    assert_eq!(m.retired(), plain.retired());
    // Each instruction begun either retired or trapped; a fetch fault
    // (access or page fault on the fetch) comes before any instruction.
    let fetch_fault = |t: &&Trap| matches!(t.code, 1 | 12);
    let exceptions = counter.traps.iter().filter(|t| !t.interrupt).count() as u64;
    let fetch_faults = counter.traps.iter().filter(fetch_fault).count() as u64;
    assert_eq!(counter.before, counter.retired + exceptions - fetch_faults);
    assert!(exceptions >= 5, "traps.elf takes several exceptions: {:?}", counter.traps);
    assert!(counter.stores > 0);
}

/// Sees traps only: the engine keeps running blocks.
#[derive(Default)]
struct Traps(Vec<Trap>);

impl Observer for Traps {
    fn trap(&mut self, trap: &Trap, _: &HartView) -> ControlFlow<String> {
        self.0.push(*trap);
        ControlFlow::Continue(())
    }
}

#[test]
fn a_trap_observer_sees_interrupts_and_the_same_traps_as_single_stepping() {
    for elf in ["conformance/interrupts.elf", "conformance/traps.elf", "conformance/sv39_user.elf"]
    {
        let mut fast = machine(elf);
        let mut fast_traps = Traps::default();
        let fast_outcome = fast.run_observed(None, &mut fast_traps);
        let mut slow = machine(elf);
        let mut counter = Counter::default();
        let slow_outcome = slow.run_observed(None, &mut counter);
        assert_eq!(fast_outcome, RunOutcome::Exited(0), "{elf}");
        assert_eq!(fast_outcome, slow_outcome, "{elf}");
        assert_eq!(fast_traps.0, counter.traps, "{elf}");
        assert_eq!(fast.retired(), slow.retired(), "{elf}");
    }
    let mut m = machine("conformance/interrupts.elf");
    let mut traps = Traps::default();
    m.run_observed(None, &mut traps);
    assert!(traps.0.iter().any(|t| t.interrupt), "interrupts.elf takes interrupts");
}

/// Keeps the bytes written to the UART's transmit register.
#[derive(Default)]
struct UartTx(Vec<u8>, usize);

impl Observer for UartTx {
    const DEVICE_ACCESSES: bool = true;

    fn device_access(&mut self, access: &DeviceAccess) -> ControlFlow<String> {
        self.1 += 1;
        if access.write && access.addr == 0x1000_0000 {
            self.0.push(access.value as u8);
        }
        ControlFlow::Continue(())
    }
}

#[test]
fn device_accesses_are_seen() {
    let mut m = machine("hello.elf");
    let mut uart = UartTx::default();
    assert_eq!(m.run_observed(None, &mut uart), RunOutcome::Exited(0));
    assert_eq!(Some(uart.0), m.console_output());
    // Status reads too, not only the writes.
    assert!(uart.1 > m.console_output().unwrap().len());
}

#[test]
fn an_observer_can_stop_the_run() {
    let mut m = machine("hello.elf");
    let mut counter = Counter { stop_after: Some(100), ..Default::default() };
    assert_eq!(
        m.run_observed(None, &mut counter),
        RunOutcome::StoppedByObserver("seen 100".into())
    );
    assert_eq!(m.retired(), 100);
    // The run goes on from there, to the same end.
    assert_eq!(m.run(None), RunOutcome::Exited(0));
}
