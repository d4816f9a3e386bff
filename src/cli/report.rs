//! What the CLI says when a run stops for any reason other than the guest's
//! own exit: why, where (mode, pc and symbol), the last trap by name, and
//! with `--report` the integer registers. Built from the public API only.

use hartsim::elf::Symbols;
use hartsim::isa::format::XREG_NAMES;
use hartsim::{Halt, Machine, Privilege, Trap};
use std::fmt::Write;

/// Why the CLI stopped a run that had not exited.
pub enum StopCause<'a> {
    /// The hart can make no progress.
    Halted(&'a Halt),
    /// `--max-insns` ran out.
    InsnLimit,
    /// Ctrl-A x on the terminal.
    Quit,
    /// A signal such as SIGINT or SIGTERM.
    Signal(&'static str),
    /// An observer (the tracer) stopped the run.
    Observer(&'a str),
}

/// `addr` as `symbol+0xoff (pc 0x...)`, or the bare address.
fn located(symbols: &Symbols, addr: u64, what: &str) -> String {
    match symbols.near(addr) {
        Some((name, 0)) => format!("{name} ({what} {addr:#x})"),
        Some((name, off)) => format!("{name}+{off:#x} ({what} {addr:#x})"),
        None => format!("{what} {addr:#x}"),
    }
}

fn mode_name(mode: Privilege) -> &'static str {
    match mode {
        Privilege::Machine => "M",
        Privilege::Supervisor => "S",
        Privilege::User => "U",
    }
}

/// What `tval` means for this trap, as a clause (empty when it means nothing).
fn tval_clause(trap: &Trap) -> String {
    if trap.tval_is_address() {
        format!(", address {:#x}", trap.tval)
    } else if !trap.interrupt && trap.code == 2 && trap.tval != 0 {
        format!(", instruction bits {:#x}", trap.tval)
    } else {
        String::new()
    }
}

/// The trap, its place and value in one phrase.
fn trap_phrase(symbols: &Symbols, trap: &Trap) -> String {
    format!(
        "{} at {} in {}-mode{}",
        trap.describe(),
        located(symbols, trap.epc, "pc"),
        mode_name(trap.from),
        tval_clause(trap)
    )
}

/// The first line: what happened.
fn headline(machine: &Machine, cause: &StopCause) -> String {
    let symbols = machine.symbols();
    match cause {
        StopCause::Halted(Halt::UnfetchableHandler { trap, handler, fault }) => {
            let tvec = if trap.to == Privilege::Machine { "mtvec" } else { "stvec" };
            format!(
                "unhandled {} at {}{}; {tvec} is {handler:#x}, where nothing can be \
                 fetched ({fault})",
                trap.describe(),
                located(symbols, trap.epc, "pc"),
                tval_clause(trap)
            )
        }
        StopCause::Halted(Halt::TrapLoop { traps, last, handler }) => format!(
            "trap loop: {traps} traps in a row with no instruction retiring; the last was \
             {}, taken to the handler at {}",
            trap_phrase(symbols, last),
            located(symbols, *handler, "pc")
        ),
        StopCause::Halted(Halt::Stuck(reason)) => format!("guest halted: {reason}"),
        StopCause::InsnLimit => {
            format!("stopped after {} instructions (--max-insns)", machine.retired())
        }
        StopCause::Quit => "quit (Ctrl-A x)".to_string(),
        StopCause::Signal(name) => format!("stopped by {name}"),
        StopCause::Observer(reason) => format!("stopped: {reason}"),
    }
}

/// The second line: where the hart stands and the last trap it took.
fn whereabouts(machine: &Machine, cause: &StopCause) -> String {
    let symbols = machine.symbols();
    let mut line = format!(
        "{}-mode at {} after {} instructions",
        mode_name(machine.privilege()),
        located(symbols, machine.pc(), "pc"),
        machine.retired()
    );
    match (cause, machine.last_trap()) {
        // A fetch from a bad address is most often a call through a bad
        // pointer: where it would have returned to tells where it came from.
        (StopCause::Halted(Halt::UnfetchableHandler { trap, .. }), _)
            if !trap.interrupt && matches!(trap.code, 1 | 12) =>
        {
            let ra = machine.x(1).unwrap_or(0);
            let _ = write!(line, "; ra is {}", located(symbols, ra, "pc"));
        }
        // The headline already tells that trap.
        (StopCause::Halted(Halt::UnfetchableHandler { .. } | Halt::TrapLoop { .. }), _) => {}
        (_, Some(trap)) => {
            let _ = write!(line, "; last trap: {}", trap_phrase(symbols, &trap));
        }
        (_, None) => line.push_str("; no trap taken"),
    }
    line
}

/// The report: two lines, or with `full` the registers too. Every line
/// starts with `hartsim: ` or is indented under such a line.
pub fn stop_report(machine: &Machine, cause: &StopCause, full: bool) -> String {
    let mut out = format!(
        "hartsim: {}\nhartsim: {}\n",
        headline(machine, cause),
        whereabouts(machine, cause)
    );
    if !full {
        return out;
    }
    let csr = |name: &str| machine.csr_by_name(name).unwrap_or(0);
    let _ = writeln!(
        out,
        "  mstatus {:#018x}  mcause {:#x}  mepc {:#x}  mtval {:#x}  mtvec {:#x}",
        csr("mstatus"),
        csr("mcause"),
        csr("mepc"),
        csr("mtval"),
        csr("mtvec")
    );
    let _ = writeln!(
        out,
        "  satp {:#x}  scause {:#x}  sepc {:#x}  stval {:#x}  stvec {:#x}",
        csr("satp"),
        csr("scause"),
        csr("sepc"),
        csr("stval"),
        csr("stvec")
    );
    for row in 0..8 {
        out.push(' ');
        for col in 0..4 {
            let n = row * 4 + col;
            let value = machine.x(n).unwrap_or(0);
            let _ = write!(out, " {:>4} {value:#018x}", XREG_NAMES[n]);
        }
        out.push('\n');
    }
    out
}
