//! Instruction trace in Spike's `--log-commits` format: one line per retired
//! instruction with the privilege mode, pc, instruction bits, every register
//! and CSR it wrote, and the memory it read or wrote. The annotated style
//! appends `  # ` and the disassembly; the spike style is byte-for-byte
//! comparable with `spike --log-commits`.

use crate::bus::Bus;
use crate::elf::Symbols;
use crate::engine::{Engine, RunStop, StepOutcome};
use crate::hart::Hart;
use crate::isa::format::Dest;
use crate::isa::{Format, Insn, Op, disassemble};
use crate::{Machine, RunOutcome};
use std::fmt::Write as _;
use std::io::Write;

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
    use crate::isa::csr_names::*;
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

/// What must be known before an instruction runs to describe it afterwards.
struct Before {
    pc: u64,
    mode: u8,
    insn: Insn,
    mstatus: u64,
    /// Address of a memory access, and the value a plain store or SC will write.
    mem: Option<(u64, u64, Option<u64>)>,
}

impl Before {
    fn capture(hart: &Hart, insn: Insn) -> Self {
        let size = insn.op.access_width();
        let mem = (size != 0).then(|| {
            let base = hart.x[insn.rs1 as usize];
            let addr = if insn.op.format().has_offset_address() {
                base.wrapping_add(insn.imm as u64)
            } else {
                base
            };
            let mask = if size == 8 { u64::MAX } else { (1 << (8 * size)) - 1 };
            let stored = match insn.op.format() {
                Format::Store => Some(hart.x[insn.rs2 as usize]),
                Format::FpStore => Some(hart.f[insn.rs2 as usize]),
                _ if matches!(insn.op, Op::ScW | Op::ScD) => Some(hart.x[insn.rs2 as usize]),
                _ => None,
            };
            (addr, size, stored.map(|v| v & mask))
        });
        Before { pc: hart.pc, mode: hart.mode as u8, insn, mstatus: hart.csr.mstatus, mem }
    }

    /// The commit-log line for this instruction, now that it has retired.
    fn line(&self, hart: &Hart, bus: &Bus, style: TraceStyle, symbols: &Symbols) -> String {
        let insn = &self.insn;
        let mut s = String::with_capacity(128);
        let bits = if insn.len == 2 {
            format!("0x{:04x}", insn.raw)
        } else {
            format!("0x{:08x}", insn.raw)
        };
        let _ = write!(s, "core   0: {} 0x{:016x} ({bits})", self.mode, self.pc);
        // Spike prints register writes ordered by (number << 4 | kind),
        // kind 0 = x, 1 = f, 4 = CSR.
        let mut writes: Vec<(u64, String)> = Vec::new();
        match insn.op.format().dest() {
            Dest::X if insn.rd != 0 => {
                let v = hart.x[insn.rd as usize];
                writes.push(((insn.rd as u64) << 4, format!(" x{:<2} 0x{v:016x}", insn.rd)));
            }
            Dest::F => {
                let v = hart.f[insn.rd as usize];
                writes.push(((insn.rd as u64) << 4 | 1, format!(" f{:<2} 0x{v:016x}", insn.rd)));
            }
            _ => {}
        }
        let mut csrs = csrs_written(insn);
        if hart.fp_flags_raised {
            csrs.push(crate::isa::csr_names::FFLAGS);
        }
        // FP state becoming Dirty is a write to mstatus.
        if hart.csr.mstatus != self.mstatus {
            csrs.push(crate::isa::csr_names::MSTATUS);
        }
        csrs.sort_unstable();
        csrs.dedup();
        for num in csrs {
            if let Some(value) = hart.csr_peek(bus, num) {
                let name = crate::isa::csr_names::csr_name(num).unwrap_or_default();
                writes.push(((num as u64) << 4 | 4, format!(" c{num}_{name} 0x{value:016x}")));
            }
        }
        writes.sort_by_key(|(key, _)| *key);
        for (_, text) in writes {
            s.push_str(&text);
        }
        if let Some((addr, size, stored)) = self.mem {
            let is_sc = matches!(insn.op, Op::ScW | Op::ScD);
            let is_amo = insn.op.format() == Format::Amo && !is_sc;
            if matches!(insn.op.format(), Format::Load | Format::FpLoad | Format::Lr) || is_amo {
                let _ = write!(s, " mem 0x{addr:016x}");
            }
            let store_value = if is_amo {
                bus.ram.read(addr, size)
            } else if is_sc && !hart.last_sc_stored {
                None
            } else {
                stored
            };
            if let Some(v) = store_value {
                let _ = write!(s, " mem 0x{addr:016x} 0x{v:0w$x}", w = 2 * size as usize);
            }
        }
        if style == TraceStyle::Annotated {
            let text = disassemble(insn, self.pc, &|a| symbols.exact(a).map(str::to_string));
            let _ = write!(s, "  # {text}");
        }
        s.push('\n');
        s
    }
}

/// Run `machine` like `Machine::run`, writing a trace line for every retired
/// instruction. A failing trace writer stops the run.
pub fn run_traced(
    machine: &mut Machine,
    max_insns: Option<u64>,
    out: &mut dyn Write,
    style: TraceStyle,
) -> RunOutcome {
    let symbols = machine.symbols().clone();
    machine.run_with(max_insns, |engine, hart, bus, limit| {
        traced_loop(engine, hart, bus, limit, out, style, &symbols)
    })
}

fn traced_loop(
    engine: &mut Engine,
    hart: &mut Hart,
    bus: &mut Bus,
    limit: u64,
    out: &mut dyn Write,
    style: TraceStyle,
    symbols: &Symbols,
) -> RunStop {
    loop {
        if hart.retired >= limit {
            return RunStop::InsnLimit;
        }
        if hart.cycles() >= hart.next_irq_check {
            hart.check_interrupts(bus);
        }
        let insn = engine.fetch(hart, bus).ok().map(|e| e.insn);
        let before = insn.map(|i| Before::capture(hart, i));
        hart.fp_flags_raised = false;
        let outcome = engine.step(hart, bus);
        if let (StepOutcome::Retired | StepOutcome::Stopped, Some(before)) = (&outcome, &before)
            && let Err(e) = out.write_all(before.line(hart, bus, style, symbols).as_bytes())
        {
            return RunStop::Halted(format!("cannot write the trace: {e}"));
        }
        match outcome {
            StepOutcome::Retired => {}
            StepOutcome::Trapped(e) => {
                if let Some(reason) = engine.trap_storm(hart, e) {
                    let _ = out.flush();
                    return RunStop::Halted(reason);
                }
            }
            StepOutcome::Stopped => {
                let _ = out.flush();
                return RunStop::Device;
            }
            StepOutcome::Halted(reason) => {
                let _ = out.flush();
                return RunStop::Halted(reason);
            }
        }
    }
}
