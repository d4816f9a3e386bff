//! The block executor: runs decoded blocks one after another, each op through
//! one `match` (a jump table) with the common integer instructions inline.
//!
//! Instruction counting is per block: a block's length is added when it
//! completes. Anything that may look at the counters mid-block (a device
//! access, a handler call, a trap) first sets `hart.retired` to its exact
//! value, so counts and virtual time are the same as single-stepping.

use super::block::{BlockCache, BlockOp, Kind};
use crate::bus::Bus;
use crate::hart::exec::sext32;
use crate::hart::{Event, Hart};

/// Why `run_blocks` returned.
pub enum Exit {
    /// The block at the hart's pc cannot run as a block (see `BlockCache::find`),
    /// or would go past `stop_at`: the engine single-steps.
    Step,
    /// Blocks ran; the engine must look at the machine before going on (a
    /// block ended with a CSR or system instruction, or the next one would go
    /// past `stop_at`).
    Resume,
    /// The instruction at `pc` raised `event`; everything before it retired.
    Event { pc: u64, next: u64, event: Event },
}

/// Run blocks from the hart's pc while they fit below `stop_at` retired
/// instructions.
#[inline(always)]
pub fn run_blocks(h: &mut Hart, bus: &mut Bus, cache: &mut BlockCache, stop_at: u64) -> Exit {
    let mut exit_if_stuck = Exit::Step;
    loop {
        let block = match cache.find(h, bus) {
            Some(block) if h.retired + block.insns as u64 <= stop_at => block,
            _ => return exit_if_stuck,
        };
        exit_if_stuck = Exit::Resume;
        let base = h.retired;
        let next_pc = run_block(h, bus, cache, block.first as usize, base);
        match next_pc {
            Ok(pc) => {
                h.retired = base + block.insns as u64;
                h.pc = pc;
            }
            Err(Stopped::Resume(pc)) => {
                h.retired = base + block.insns as u64;
                h.pc = pc;
                return Exit::Resume;
            }
            Err(Stopped::Event { index, event }) => {
                let op = &cache.ops[block.first as usize + index];
                h.retired = base + index as u64;
                return Exit::Event { pc: op.pc, next: op.next, event };
            }
        }
    }
}

/// How a block ended other than by going on to the next one.
enum Stopped {
    /// All of it retired; the engine must look at the machine before going on at this pc.
    Resume(u64),
    /// The op at `index` raised an event.
    Event { index: usize, event: Event },
}

/// Run the block whose ops start at `first`; `Ok` holds the next pc.
#[inline(always)]
fn run_block(
    h: &mut Hart,
    bus: &mut Bus,
    cache: &BlockCache,
    first: usize,
    base: u64,
) -> Result<u64, Stopped> {
    let ops = &cache.ops[first..];
    // SAFETY: register numbers in ops are below 32 (`BlockOp` invariant, set
    // by `BlockCache::lower`, the only place ops are made).
    macro_rules! x {
        ($r:expr) => {
            *unsafe { h.x.get_unchecked_mut($r as usize) }
        };
    }
    // A slow path that may have written decoded code ends the block after
    // its instruction, so the engine drops the stale blocks.
    macro_rules! check_code {
        ($i:expr) => {
            if bus.ram.code_written() {
                return Err(Stopped::Event { index: $i, event: Event::Resync });
            }
        };
    }
    macro_rules! alu {
        ($op:expr, |$a:ident, $b:ident| $e:expr) => {{
            let ($a, $b) = (x!($op.rs1), x!($op.rs2));
            x!($op.rd) = $e;
        }};
    }
    macro_rules! alu_imm {
        ($op:expr, |$a:ident, $imm:ident| $e:expr) => {{
            let ($a, $imm) = (x!($op.rs1), $op.imm);
            x!($op.rd) = $e;
        }};
    }
    macro_rules! load {
        ($i:expr, $op:expr, $size:literal, |$v:ident| $extend:expr) => {{
            let addr = x!($op.rs1).wrapping_add($op.imm);
            let (value, slow) = match h.load_fast(bus, addr, $size) {
                Some(v) => (v, false),
                None => {
                    h.retired = base + $i as u64;
                    match h.load(bus, addr, $size) {
                        Ok(v) => (v, true),
                        Err(e) => return Err(Stopped::Event { index: $i, event: e.into() }),
                    }
                }
            };
            let $v = value;
            x!($op.rd) = $extend;
            h.x[0] = 0;
            if slow {
                check_code!($i);
            }
        }};
    }
    macro_rules! store {
        ($i:expr, $op:expr, $size:literal) => {{
            let addr = x!($op.rs1).wrapping_add($op.imm);
            let value = x!($op.rs2);
            if !h.store_fast(bus, addr, $size, value) {
                h.retired = base + $i as u64;
                if let Err(event) = h.store(bus, addr, $size, value) {
                    return Err(Stopped::Event { index: $i, event });
                }
                check_code!($i);
            }
        }};
    }
    macro_rules! branch {
        ($op:expr, |$a:ident, $b:ident| $cond:expr) => {{
            let ($a, $b) = (x!($op.rs1), x!($op.rs2));
            return Ok(if $cond { $op.imm } else { $op.next });
        }};
    }

    // The position of `op` in the block, for the slow paths only.
    let index_of = |op: &BlockOp| {
        (op as *const BlockOp as usize - ops.as_ptr() as usize) / size_of::<BlockOp>()
    };
    // Every block's last op leaves the loop.
    for op in ops {
        let i = index_of(op);
        match op.kind {
            Kind::Nop => {}
            Kind::Li => x!(op.rd) = op.imm,
            Kind::Addi => alu_imm!(op, |a, imm| a.wrapping_add(imm)),
            Kind::Addiw => alu_imm!(op, |a, imm| sext32(a.wrapping_add(imm))),
            Kind::Slti => alu_imm!(op, |a, imm| ((a as i64) < (imm as i64)) as u64),
            Kind::Sltiu => alu_imm!(op, |a, imm| (a < imm) as u64),
            Kind::Xori => alu_imm!(op, |a, imm| a ^ imm),
            Kind::Ori => alu_imm!(op, |a, imm| a | imm),
            Kind::Andi => alu_imm!(op, |a, imm| a & imm),
            Kind::Slli => alu_imm!(op, |a, sh| a << (sh & 63)),
            Kind::Srli => alu_imm!(op, |a, sh| a >> (sh & 63)),
            Kind::Srai => alu_imm!(op, |a, sh| ((a as i64) >> (sh & 63)) as u64),
            Kind::Slliw => alu_imm!(op, |a, sh| sext32(a << (sh & 31))),
            Kind::Srliw => alu_imm!(op, |a, sh| sext32((a as u32 >> (sh & 31)) as u64)),
            Kind::Sraiw => alu_imm!(op, |a, sh| ((a as i32) >> (sh & 31)) as i64 as u64),
            Kind::Add => alu!(op, |a, b| a.wrapping_add(b)),
            Kind::Sub => alu!(op, |a, b| a.wrapping_sub(b)),
            Kind::Sll => alu!(op, |a, b| a << (b & 63)),
            Kind::Slt => alu!(op, |a, b| ((a as i64) < (b as i64)) as u64),
            Kind::Sltu => alu!(op, |a, b| (a < b) as u64),
            Kind::Xor => alu!(op, |a, b| a ^ b),
            Kind::Srl => alu!(op, |a, b| a >> (b & 63)),
            Kind::Sra => alu!(op, |a, b| ((a as i64) >> (b & 63)) as u64),
            Kind::Or => alu!(op, |a, b| a | b),
            Kind::And => alu!(op, |a, b| a & b),
            Kind::Addw => alu!(op, |a, b| sext32(a.wrapping_add(b))),
            Kind::Subw => alu!(op, |a, b| sext32(a.wrapping_sub(b))),
            Kind::Sllw => alu!(op, |a, b| sext32(a << (b & 31))),
            Kind::Srlw => alu!(op, |a, b| sext32((a as u32 >> (b & 31)) as u64)),
            Kind::Sraw => alu!(op, |a, b| ((a as i32) >> (b & 31)) as i64 as u64),
            Kind::Mul => alu!(op, |a, b| a.wrapping_mul(b)),
            Kind::Mulw => alu!(op, |a, b| sext32(a.wrapping_mul(b))),
            Kind::Lb => load!(i, op, 1, |v| v as i8 as i64 as u64),
            Kind::Lh => load!(i, op, 2, |v| v as i16 as i64 as u64),
            Kind::Lw => load!(i, op, 4, |v| sext32(v)),
            Kind::Ld => load!(i, op, 8, |v| v),
            Kind::Lbu => load!(i, op, 1, |v| v),
            Kind::Lhu => load!(i, op, 2, |v| v),
            Kind::Lwu => load!(i, op, 4, |v| v),
            Kind::Sb => store!(i, op, 1),
            Kind::Sh => store!(i, op, 2),
            Kind::Sw => store!(i, op, 4),
            Kind::Sd => store!(i, op, 8),
            Kind::Jal => {
                x!(op.rd) = op.next;
                h.x[0] = 0;
                return Ok(op.imm);
            }
            Kind::Jalr => {
                let target = x!(op.rs1).wrapping_add(op.imm) & !1;
                x!(op.rd) = op.next;
                h.x[0] = 0;
                return Ok(target);
            }
            Kind::Beq => branch!(op, |a, b| a == b),
            Kind::Bne => branch!(op, |a, b| a != b),
            Kind::Blt => branch!(op, |a, b| (a as i64) < (b as i64)),
            Kind::Bge => branch!(op, |a, b| (a as i64) >= (b as i64)),
            Kind::Bltu => branch!(op, |a, b| a < b),
            Kind::Bgeu => branch!(op, |a, b| a >= b),
            Kind::Call | Kind::CallThenEnd => {
                let (insn, handler) = &cache.calls[op.call as usize];
                h.pc = op.pc;
                h.next_pc = op.next;
                h.retired = base + i as u64;
                if let Err(event) = handler(h, bus, insn) {
                    return Err(Stopped::Event { index: i, event });
                }
                check_code!(i);
                if op.kind == Kind::CallThenEnd {
                    return Err(Stopped::Resume(h.next_pc));
                }
            }
            Kind::Exit => return Ok(op.imm),
        }
    }
    unreachable!("a block ends with an op that leaves it")
}
