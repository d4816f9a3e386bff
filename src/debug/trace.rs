//! Instruction trace in Spike's `--log-commits` format: one line per retired
//! instruction with the privilege mode, pc, instruction bits, every register
//! and CSR it wrote, and the memory it read or wrote. The annotated style
//! appends `  # ` and the disassembly; the spike style is byte-for-byte
//! comparable with `spike --log-commits`. Traps and interrupts appear as
//! Spike prints them with `-l` (`core   0: exception trap_illegal_instruction,
//! epc 0x...`, then the trap value), in both styles.
//!
//! The tracer is an `Observer`: it sees the instruction the engine fetched
//! and executed, through the same public view any observer gets.

use crate::elf::Symbols;
use crate::engine::observe::{HartView, MemAccess, Observer, Trap};
use crate::isa::csr_names::{self, MSTATUS};
use crate::isa::format::Dest;
use crate::isa::{Insn, Op, disassemble};
use std::fmt::Write as _;
use std::io::Write;
use std::ops::ControlFlow;

/// The format of trace lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TraceStyle {
    /// Spike's commit log followed by `  # ` and the disassembly.
    #[default]
    Annotated,
    /// Exactly Spike's commit log.
    Spike,
}

/// The CSRs an instruction writes, named as Spike logs them: a write through
/// an alias (`sstatus`, `sie`, `sip`, `fcsr`) shows the registers behind it.
fn csrs_written(insn: &Insn) -> Vec<u16> {
    use csr_names::*;
    let csr = insn.csr;
    let writes = match insn.op {
        Op::Csrrw | Op::Csrrwi => true,
        Op::Csrrs | Op::Csrrc => insn.rs1 != 0,
        Op::Csrrsi | Op::Csrrci => insn.imm != 0,
        Op::Mret | Op::Sret => return vec![MSTATUS],
        _ => false,
    };
    if !writes {
        return vec![];
    }
    match csr {
        SSTATUS => vec![MSTATUS],
        SIE => vec![SIE, MIE],
        SIP => vec![MIP],
        FCSR => vec![FFLAGS, FRM],
        _ => vec![csr],
    }
}

/// Writes a trace line for every retired instruction and every trap to
/// `out`. A failing writer stops the run.
pub struct Tracer<'a> {
    out: &'a mut dyn Write,
    style: TraceStyle,
    symbols: &'a Symbols,
    before: Option<Before>,
}

/// What must be known before an instruction runs to describe it afterwards.
struct Before {
    pc: u64,
    mode: u8,
    mstatus: u64,
}

impl<'a> Tracer<'a> {
    /// A tracer writing `style` lines to `out`, naming addresses by `symbols`.
    pub fn new(out: &'a mut dyn Write, style: TraceStyle, symbols: &'a Symbols) -> Self {
        Tracer { out, style, symbols, before: None }
    }

    fn emit(&mut self, text: &str) -> ControlFlow<String> {
        match self.out.write_all(text.as_bytes()) {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => ControlFlow::Break(format!("cannot write the trace: {e}")),
        }
    }

    /// The commit-log line for `insn`, now that it has retired.
    fn line(
        &self,
        before: &Before,
        insn: &Insn,
        mem: Option<&MemAccess>,
        hart: &HartView,
    ) -> String {
        let mut s = String::with_capacity(128);
        let bits = if insn.len == 2 {
            format!("0x{:04x}", insn.raw)
        } else {
            format!("0x{:08x}", insn.raw)
        };
        let _ = write!(s, "core   0: {} 0x{:016x} ({bits})", before.mode, before.pc);
        // Spike prints register writes ordered by (number << 4 | kind),
        // kind 0 = x, 1 = f, 4 = CSR.
        let mut writes: Vec<(u64, String)> = Vec::new();
        match insn.op.format().dest() {
            Dest::X if insn.rd != 0 => {
                let v = hart.x(insn.rd as usize);
                writes.push(((insn.rd as u64) << 4, format!(" x{:<2} 0x{v:016x}", insn.rd)));
            }
            Dest::F => {
                let v = hart.f(insn.rd as usize);
                writes.push(((insn.rd as u64) << 4 | 1, format!(" f{:<2} 0x{v:016x}", insn.rd)));
            }
            _ => {}
        }
        let mut csrs = csrs_written(insn);
        if hart.fp_flags_raised() {
            csrs.push(csr_names::FFLAGS);
        }
        // FP state becoming Dirty is a write to mstatus.
        if hart.csr(MSTATUS) != Some(before.mstatus) {
            csrs.push(MSTATUS);
        }
        csrs.sort_unstable();
        csrs.dedup();
        for num in csrs {
            if let Some(value) = hart.csr(num) {
                let name = csr_names::csr_name(num).unwrap_or_default();
                writes.push(((num as u64) << 4 | 4, format!(" c{num}_{name} 0x{value:016x}")));
            }
        }
        writes.sort_by_key(|(key, _)| *key);
        for (_, text) in writes {
            s.push_str(&text);
        }
        if let Some(access) = mem {
            let addr = access.addr;
            if access.read {
                let _ = write!(s, " mem 0x{addr:016x}");
            }
            if let Some(v) = access.stored {
                let _ = write!(s, " mem 0x{addr:016x} 0x{v:0w$x}", w = 2 * access.size as usize);
            }
        }
        if self.style == TraceStyle::Annotated {
            let text = disassemble(insn, before.pc, &|a| self.symbols.exact(a).map(str::to_string));
            let _ = write!(s, "  # {text}");
        }
        s.push('\n');
        s
    }
}

impl Observer for Tracer<'_> {
    const EACH_INSTRUCTION: bool = true;

    fn before(&mut self, _insn: &Insn, hart: &HartView) -> ControlFlow<String> {
        let mstatus = hart.csr(MSTATUS).unwrap_or(0);
        self.before = Some(Before { pc: hart.pc(), mode: hart.privilege() as u8, mstatus });
        ControlFlow::Continue(())
    }

    fn retired(
        &mut self,
        insn: &Insn,
        mem: Option<&MemAccess>,
        hart: &HartView,
    ) -> ControlFlow<String> {
        match self.before.take() {
            Some(before) => {
                let line = self.line(&before, insn, mem, hart);
                self.emit(&line)
            }
            None => ControlFlow::Continue(()),
        }
    }

    fn trap(&mut self, trap: &Trap, _hart: &HartView) -> ControlFlow<String> {
        self.before = None;
        let text = spike_trap_lines(trap);
        self.emit(&text)
    }
}

/// Spike's `-l` lines for a trap: its name and `epc`, then `tval` for the
/// traps that carry one (instruction and memory traps, not calls or
/// interrupts).
fn spike_trap_lines(trap: &Trap) -> String {
    let name = if trap.interrupt {
        format!("interrupt #{}", trap.code)
    } else {
        format!("trap_{}", spike_exception_name(trap.code))
    };
    let mut s = format!("core   0: exception {name}, epc 0x{:016x}\n", trap.epc);
    let has_tval = !trap.interrupt && !matches!(trap.code, 8 | 9 | 11);
    if has_tval {
        let _ = writeln!(s, "core   0:           tval 0x{:016x}", trap.tval);
    }
    s
}

/// Spike's names for the exception causes hartsim raises.
fn spike_exception_name(code: u64) -> &'static str {
    match code {
        0 => "instruction_address_misaligned",
        1 => "instruction_access_fault",
        2 => "illegal_instruction",
        3 => "breakpoint",
        4 => "load_address_misaligned",
        5 => "load_access_fault",
        6 => "store_address_misaligned",
        7 => "store_access_fault",
        8 => "user_ecall",
        9 => "supervisor_ecall",
        11 => "machine_ecall",
        12 => "instruction_page_fault",
        13 => "load_page_fault",
        15 => "store_page_fault",
        _ => "unknown",
    }
}

/// Where a trace window opens or closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TraceMark {
    /// Once this many instructions have retired.
    Count(u64),
    /// When the pc first reaches this address.
    Pc(u64),
}

/// A tracer that writes only between two marks (`--trace-from`,
/// `--trace-to`); the run goes on after the window closes.
pub struct TraceWindow<'a> {
    tracer: Tracer<'a>,
    from: Option<TraceMark>,
    to: Option<TraceMark>,
    retired: u64,
    open: bool,
    closed: bool,
}

impl<'a> TraceWindow<'a> {
    /// Trace with `tracer` from `from` (the start when `None`) to `to` (the
    /// end when `None`).
    pub fn new(tracer: Tracer<'a>, from: Option<TraceMark>, to: Option<TraceMark>) -> Self {
        TraceWindow { tracer, from, to, retired: 0, open: from.is_none(), closed: false }
    }

    fn reached(&self, mark: Option<TraceMark>, pc: u64) -> bool {
        match mark {
            Some(TraceMark::Count(n)) => self.retired >= n,
            Some(TraceMark::Pc(a)) => pc == a,
            None => false,
        }
    }
}

impl Observer for TraceWindow<'_> {
    const EACH_INSTRUCTION: bool = true;

    fn before(&mut self, insn: &Insn, hart: &HartView) -> ControlFlow<String> {
        if !self.open && !self.closed && self.reached(self.from, hart.pc()) {
            self.open = true;
        }
        if self.open && self.reached(self.to, hart.pc()) {
            self.open = false;
            self.closed = true;
        }
        if self.open { self.tracer.before(insn, hart) } else { ControlFlow::Continue(()) }
    }

    fn retired(
        &mut self,
        insn: &Insn,
        mem: Option<&MemAccess>,
        hart: &HartView,
    ) -> ControlFlow<String> {
        self.retired += 1;
        if self.open { self.tracer.retired(insn, mem, hart) } else { ControlFlow::Continue(()) }
    }

    fn trap(&mut self, trap: &Trap, hart: &HartView) -> ControlFlow<String> {
        if self.open { self.tracer.trap(trap, hart) } else { ControlFlow::Continue(()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Privilege;

    fn trap(code: u64, interrupt: bool) -> Trap {
        let (from, to) = (Privilege::User, Privilege::Machine);
        Trap { code, interrupt, epc: 0x8000_0010, tval: 0x1234, from, to }
    }

    #[test]
    fn trap_lines_are_spikes() {
        assert_eq!(
            spike_trap_lines(&trap(5, false)),
            "core   0: exception trap_load_access_fault, epc 0x0000000080000010\n\
             core   0:           tval 0x0000000000001234\n"
        );
        assert_eq!(
            spike_trap_lines(&trap(8, false)),
            "core   0: exception trap_user_ecall, epc 0x0000000080000010\n"
        );
        assert_eq!(
            spike_trap_lines(&trap(7, true)),
            "core   0: exception interrupt #7, epc 0x0000000080000010\n"
        );
    }
}
