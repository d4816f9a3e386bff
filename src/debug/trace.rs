//! Instruction trace in Spike's `--log-commits` format: one line per retired
//! instruction with the privilege mode, pc, instruction bits, every register
//! and CSR it wrote, and the memory it read or wrote. The annotated style
//! appends `  # ` and the disassembly; the spike style is byte-for-byte
//! comparable with `spike --log-commits`.

use crate::bus::Bus;
use crate::elf::Symbols;
use crate::engine::{Engine, RunStop, StepOutcome};
use crate::hart::Hart;
use crate::isa::{Format, Insn, Op, disassemble};
use crate::{Machine, RunOutcome};
use std::fmt::Write as _;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TraceStyle {
    /// Spike's commit log followed by `  # ` and the disassembly.
    #[default]
    Annotated,
    /// Exactly Spike's commit log.
    Spike,
}

/// Bytes accessed by a memory instruction; `None` for other instructions.
fn access_size(op: Op) -> Option<u64> {
    use Op::*;
    Some(match op {
        Lb | Lbu | Sb => 1,
        Lh | Lhu | Sh => 2,
        Lw | Lwu | Sw | Flw | Fsw => 4,
        Ld | Sd | Fld | Fsd => 8,
        LrW | ScW | AmoswapW | AmoaddW | AmoxorW | AmoandW | AmoorW | AmominW | AmomaxW
        | AmominuW | AmomaxuW => 4,
        LrD | ScD | AmoswapD | AmoaddD | AmoxorD | AmoandD | AmoorD | AmominD | AmomaxD
        | AmominuD | AmomaxuD => 8,
        _ => return None,
    })
}

/// Which register file an instruction's `rd` field writes, if any.
#[derive(PartialEq, Eq)]
enum Dest {
    None,
    X,
    F,
}

fn destination(format: Format) -> Dest {
    use Format::*;
    match format {
        Store | Branch | Fence | None | FpStore => Dest::None,
        FpR | FpRNoRm | FpR4 | FpUnary | IntToFp | IntToFpRaw | FpLoad => Dest::F,
        R | I | Shift | ShiftW | Load | U | J | Jalr | Csr | CsrImm | Amo | Lr | FpToInt
        | FpCmp | FpToIntRaw => Dest::X,
    }
}

/// The CSR an instruction writes, if it writes one.
fn csr_written(insn: &Insn) -> Option<u16> {
    let csr = insn.imm as u16;
    match insn.op {
        Op::Csrrw | Op::Csrrwi => Some(csr),
        Op::Csrrs | Op::Csrrc | Op::Csrrsi | Op::Csrrci if insn.rs1 != 0 => Some(csr),
        Op::Mret => Some(crate::isa::csr_names::MSTATUS),
        _ => None,
    }
}

/// What must be known before an instruction runs to describe it afterwards.
struct Before {
    pc: u64,
    mode: u8,
    insn: Insn,
    /// Address of a memory access, and the value a plain store or SC will write.
    mem: Option<(u64, u64, Option<u64>)>,
}

impl Before {
    fn capture(hart: &Hart, insn: Insn) -> Self {
        let mem = access_size(insn.op).map(|size| {
            let base = hart.x[insn.rs1 as usize];
            let addr = match insn.op.format() {
                Format::Load | Format::Store | Format::FpLoad | Format::FpStore => {
                    base.wrapping_add(insn.imm as u64)
                }
                _ => base,
            };
            let stored =
                matches!(insn.op.format(), Format::Store) || matches!(insn.op, Op::ScW | Op::ScD);
            let mask = if size == 8 { u64::MAX } else { (1 << (8 * size)) - 1 };
            (addr, size, stored.then(|| hart.x[insn.rs2 as usize] & mask))
        });
        Before { pc: hart.pc, mode: hart.mode as u8, insn, mem }
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
        match destination(insn.op.format()) {
            Dest::X if insn.rd != 0 => {
                let _ = write!(s, " x{:<2} 0x{:016x}", insn.rd, hart.x[insn.rd as usize]);
            }
            Dest::F => {
                let _ = write!(s, " f{:<2} 0x{:016x}", insn.rd, hart.f[insn.rd as usize]);
            }
            _ => {}
        }
        if let Some(num) = csr_written(insn)
            && let Some(value) = hart.csr_peek(bus, num)
        {
            let name = crate::isa::csr_names::csr_name(num).unwrap_or_default();
            let _ = write!(s, " c{num}_{name} 0x{value:016x}");
        }
        if let Some((addr, size, stored)) = self.mem {
            let is_sc = matches!(insn.op, Op::ScW | Op::ScD);
            let is_amo = insn.op.format() == Format::Amo && !is_sc;
            if matches!(insn.op.format(), Format::Load | Format::FpLoad | Format::Lr) || is_amo {
                let _ = write!(s, " mem 0x{addr:016x}");
            }
            let store_value = if is_amo {
                bus.ram.read(addr, size)
            } else if is_sc && hart.x[insn.rd as usize] != 0 {
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
    let symbols = machine.image().symbols.clone();
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
        let before = engine.fetch(hart, bus).ok().map(|e| Before::capture(hart, e.insn));
        let outcome = engine.step(hart, bus);
        if let (StepOutcome::Retired | StepOutcome::Stopped, Some(before)) = (&outcome, &before)
            && let Err(e) = out.write_all(before.line(hart, bus, style, symbols).as_bytes())
        {
            return RunStop::Halted(format!("cannot write the trace: {e}"));
        }
        match outcome {
            StepOutcome::Retired | StepOutcome::Trapped(_) => {}
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
