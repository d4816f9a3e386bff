//! What each instruction does, one file per extension. Every instruction is a
//! `Handler`; `handler(op)` maps an `Op` to it once, at decode time, so the
//! engine calls straight through a function pointer.

mod a;
mod i;
mod m;
mod system;
mod zicsr;

use super::{ExecResult, Hart};
use crate::bus::Bus;
use crate::isa::{Insn, Op};

/// Executes one decoded instruction. On `Ok`, the instruction retires and
/// execution continues at `hart.next_pc`.
pub type Handler = fn(&mut Hart, &mut Bus, &Insn) -> ExecResult;

/// Sign-extend the low 32 bits.
#[inline(always)]
pub(crate) fn sext32(v: u64) -> u64 {
    v as i32 as i64 as u64
}

/// `rd = f(x[rs1], x[rs2])`
macro_rules! reg_reg {
    ($name:ident, |$a:ident, $b:ident| $e:expr) => {
        pub fn $name(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
            let ($a, $b) = (h.x[i.rs1 as usize], h.x[i.rs2 as usize]);
            h.set_x(i.rd, $e);
            Ok(())
        }
    };
}

/// `rd = f(x[rs1], imm)`
macro_rules! reg_imm {
    ($name:ident, |$a:ident, $imm:ident| $e:expr) => {
        pub fn $name(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
            let ($a, $imm) = (h.x[i.rs1 as usize], i.imm as u64);
            h.set_x(i.rd, $e);
            Ok(())
        }
    };
}
pub(crate) use {reg_imm, reg_reg};

fn illegal(_: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    Err(super::Exception::IllegalInsn(i.raw).into())
}

/// The handler for `op`.
pub fn handler(op: Op) -> Handler {
    use Op::*;
    match op {
        Lui => i::lui,
        Auipc => i::auipc,
        Jal => i::jal,
        Jalr => i::jalr,
        Beq => i::beq,
        Bne => i::bne,
        Blt => i::blt,
        Bge => i::bge,
        Bltu => i::bltu,
        Bgeu => i::bgeu,
        Lb => i::lb,
        Lh => i::lh,
        Lw => i::lw,
        Ld => i::ld,
        Lbu => i::lbu,
        Lhu => i::lhu,
        Lwu => i::lwu,
        Sb => i::sb,
        Sh => i::sh,
        Sw => i::sw,
        Sd => i::sd,
        Addi => i::addi,
        Slti => i::slti,
        Sltiu => i::sltiu,
        Xori => i::xori,
        Ori => i::ori,
        Andi => i::andi,
        Slli => i::slli,
        Srli => i::srli,
        Srai => i::srai,
        Add => i::add,
        Sub => i::sub,
        Sll => i::sll,
        Slt => i::slt,
        Sltu => i::sltu,
        Xor => i::xor,
        Srl => i::srl,
        Sra => i::sra,
        Or => i::or,
        And => i::and,
        Addiw => i::addiw,
        Slliw => i::slliw,
        Srliw => i::srliw,
        Sraiw => i::sraiw,
        Addw => i::addw,
        Subw => i::subw,
        Sllw => i::sllw,
        Srlw => i::srlw,
        Sraw => i::sraw,
        Fence => i::fence,
        Ecall => system::ecall,
        Ebreak => system::ebreak,
        FenceI => i::fence,
        Csrrw => zicsr::csrrw,
        Csrrs => zicsr::csrrs,
        Csrrc => zicsr::csrrc,
        Csrrwi => zicsr::csrrwi,
        Csrrsi => zicsr::csrrsi,
        Csrrci => zicsr::csrrci,
        Mret => system::mret,
        Wfi => system::wfi,
        Mul => m::mul,
        Mulh => m::mulh,
        Mulhsu => m::mulhsu,
        Mulhu => m::mulhu,
        Div => m::div,
        Divu => m::divu,
        Rem => m::rem,
        Remu => m::remu,
        Mulw => m::mulw,
        Divw => m::divw,
        Divuw => m::divuw,
        Remw => m::remw,
        Remuw => m::remuw,
        LrW => a::lr_w,
        ScW => a::sc_w,
        AmoswapW => a::amoswap_w,
        AmoaddW => a::amoadd_w,
        AmoxorW => a::amoxor_w,
        AmoandW => a::amoand_w,
        AmoorW => a::amoor_w,
        AmominW => a::amomin_w,
        AmomaxW => a::amomax_w,
        AmominuW => a::amominu_w,
        AmomaxuW => a::amomaxu_w,
        LrD => a::lr_d,
        ScD => a::sc_d,
        AmoswapD => a::amoswap_d,
        AmoaddD => a::amoadd_d,
        AmoxorD => a::amoxor_d,
        AmoandD => a::amoand_d,
        AmoorD => a::amoor_d,
        AmominD => a::amomin_d,
        AmomaxD => a::amomax_d,
        AmominuD => a::amominu_d,
        AmomaxuD => a::amomaxu_d,
        Illegal => illegal,
    }
}
