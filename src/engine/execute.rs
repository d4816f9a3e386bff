//! The block executor: runs a block's ops with one `match` (a jump table)
//! and the common integer instructions inline.
//!
//! Instruction counting is per block: the caller adds the block's length when
//! it completes. Anything that may look at the counters mid-block (a device
//! access, a handler call, a trap) first sets `hart.retired` to its exact
//! value, so counts and virtual time are the same as single-stepping.

use super::block::{BlockOp, Kind};
use crate::bus::Bus;
use crate::hart::exec::{Handler, sext32};
use crate::hart::{Event, Hart};
use crate::isa::Insn;

/// How a block ended.
pub enum BlockExit {
    /// Every op retired; execution goes on at this pc.
    Next(u64),
    /// The op at `index` raised an event (its ops before it retired).
    Event { index: usize, event: Event },
}

/// Run `ops` on the hart.
#[inline(always)]
pub fn run_block(
    h: &mut Hart,
    bus: &mut Bus,
    ops: &[BlockOp],
    calls: &[(Insn, Handler)],
) -> BlockExit {
    let base = h.retired;
    // Register numbers are below 32; the mask lets the compiler drop the bounds checks.
    macro_rules! x {
        ($r:expr) => {
            h.x[($r & 31) as usize]
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
            let $v = match h.load_fast(bus, addr, $size) {
                Some(v) => v,
                None => {
                    h.retired = base + $i as u64;
                    match h.load(bus, addr, $size) {
                        Ok(v) => v,
                        Err(e) => return BlockExit::Event { index: $i, event: e.into() },
                    }
                }
            };
            x!($op.rd) = $extend;
            h.x[0] = 0;
        }};
    }
    macro_rules! store {
        ($i:expr, $op:expr, $size:literal) => {{
            let addr = x!($op.rs1).wrapping_add($op.imm);
            let value = x!($op.rs2);
            if !h.store_fast(bus, addr, $size, value) {
                h.retired = base + $i as u64;
                if let Err(event) = h.store(bus, addr, $size, value) {
                    return BlockExit::Event { index: $i, event };
                }
            }
        }};
    }
    macro_rules! branch {
        ($op:expr, |$a:ident, $b:ident| $cond:expr) => {{
            let ($a, $b) = (x!($op.rs1), x!($op.rs2));
            return BlockExit::Next(if $cond { $op.imm } else { $op.next });
        }};
    }

    for (i, op) in ops.iter().enumerate() {
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
                return BlockExit::Next(op.imm);
            }
            Kind::Jalr => {
                let target = x!(op.rs1).wrapping_add(op.imm) & !1;
                x!(op.rd) = op.next;
                h.x[0] = 0;
                return BlockExit::Next(target);
            }
            Kind::Beq => branch!(op, |a, b| a == b),
            Kind::Bne => branch!(op, |a, b| a != b),
            Kind::Blt => branch!(op, |a, b| (a as i64) < (b as i64)),
            Kind::Bge => branch!(op, |a, b| (a as i64) >= (b as i64)),
            Kind::Bltu => branch!(op, |a, b| a < b),
            Kind::Bgeu => branch!(op, |a, b| a >= b),
            Kind::Call | Kind::CallThenEnd => {
                let (insn, handler) = &calls[op.call as usize];
                h.pc = op.pc;
                h.next_pc = op.next;
                h.retired = base + i as u64;
                if let Err(event) = handler(h, bus, insn) {
                    return BlockExit::Event { index: i, event };
                }
                if op.kind == Kind::CallThenEnd {
                    return BlockExit::Next(h.next_pc);
                }
            }
        }
    }
    BlockExit::Next(ops.last().map_or(h.pc, |op| op.next))
}
