//! RV64I: integer computation, control transfer, loads and stores, fences.

use super::{reg_imm, reg_reg, sext32};
use crate::bus::Bus;
use crate::hart::{ExecResult, Hart};
use crate::isa::Insn;

pub fn lui(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    h.set_x(i.rd, i.imm as u64);
    Ok(())
}

pub fn auipc(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    h.set_x(i.rd, h.pc.wrapping_add(i.imm as u64));
    Ok(())
}

pub fn jal(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    let link = h.next_pc;
    h.jump(h.pc.wrapping_add(i.imm as u64))?;
    h.set_x(i.rd, link);
    Ok(())
}

pub fn jalr(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    let link = h.next_pc;
    h.jump(h.x[i.rs1 as usize].wrapping_add(i.imm as u64) & !1)?;
    h.set_x(i.rd, link);
    Ok(())
}

macro_rules! branch {
    ($name:ident, |$a:ident, $b:ident| $cond:expr) => {
        pub fn $name(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
            let ($a, $b) = (h.x[i.rs1 as usize], h.x[i.rs2 as usize]);
            if $cond {
                h.jump(h.pc.wrapping_add(i.imm as u64))?;
            }
            Ok(())
        }
    };
}

branch!(beq, |a, b| a == b);
branch!(bne, |a, b| a != b);
branch!(blt, |a, b| (a as i64) < (b as i64));
branch!(bge, |a, b| (a as i64) >= (b as i64));
branch!(bltu, |a, b| a < b);
branch!(bgeu, |a, b| a >= b);

macro_rules! load {
    ($name:ident, $size:literal, |$v:ident| $extend:expr) => {
        pub fn $name(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
            let addr = h.x[i.rs1 as usize].wrapping_add(i.imm as u64);
            let $v = h.load(bus, addr, $size)?;
            h.set_x(i.rd, $extend);
            Ok(())
        }
    };
}

load!(lb, 1, |v| v as i8 as i64 as u64);
load!(lh, 2, |v| v as i16 as i64 as u64);
load!(lw, 4, |v| sext32(v));
load!(ld, 8, |v| v);
load!(lbu, 1, |v| v);
load!(lhu, 2, |v| v);
load!(lwu, 4, |v| v);

macro_rules! store {
    ($name:ident, $size:literal) => {
        pub fn $name(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
            let addr = h.x[i.rs1 as usize].wrapping_add(i.imm as u64);
            h.store(bus, addr, $size, h.x[i.rs2 as usize])
        }
    };
}

store!(sb, 1);
store!(sh, 2);
store!(sw, 4);
store!(sd, 8);

reg_imm!(addi, |a, imm| a.wrapping_add(imm));
reg_imm!(slti, |a, imm| ((a as i64) < (imm as i64)) as u64);
reg_imm!(sltiu, |a, imm| (a < imm) as u64);
reg_imm!(xori, |a, imm| a ^ imm);
reg_imm!(ori, |a, imm| a | imm);
reg_imm!(andi, |a, imm| a & imm);
reg_imm!(slli, |a, sh| a << sh);
reg_imm!(srli, |a, sh| a >> sh);
reg_imm!(srai, |a, sh| ((a as i64) >> sh) as u64);

reg_reg!(add, |a, b| a.wrapping_add(b));
reg_reg!(sub, |a, b| a.wrapping_sub(b));
reg_reg!(sll, |a, b| a << (b & 63));
reg_reg!(slt, |a, b| ((a as i64) < (b as i64)) as u64);
reg_reg!(sltu, |a, b| (a < b) as u64);
reg_reg!(xor, |a, b| a ^ b);
reg_reg!(srl, |a, b| a >> (b & 63));
reg_reg!(sra, |a, b| ((a as i64) >> (b & 63)) as u64);
reg_reg!(or, |a, b| a | b);
reg_reg!(and, |a, b| a & b);

reg_imm!(addiw, |a, imm| sext32(a.wrapping_add(imm)));
reg_imm!(slliw, |a, sh| sext32(a << sh));
reg_imm!(srliw, |a, sh| sext32((a as u32 >> sh) as u64));
reg_imm!(sraiw, |a, sh| ((a as i32) >> sh) as i64 as u64);

reg_reg!(addw, |a, b| sext32(a.wrapping_add(b)));
reg_reg!(subw, |a, b| sext32(a.wrapping_sub(b)));
reg_reg!(sllw, |a, b| sext32(a << (b & 31)));
reg_reg!(srlw, |a, b| sext32((a as u32 >> (b & 31)) as u64));
reg_reg!(sraw, |a, b| ((a as i32) >> (b & 31)) as i64 as u64);

/// `fence` and `fence.i`: one hart with no caches to order. `fence.i` needs no
/// work either: a store into decoded code has already dropped the engine's
/// blocks, and the single-step decode cache re-checks instruction bits.
pub fn fence(_: &mut Hart, _: &mut Bus, _: &Insn) -> ExecResult {
    Ok(())
}
