//! What each instruction does, one file per extension. Every instruction is a
//! `Handler`; `handler(op)` maps an `Op` to it once, at decode time, so the
//! engine calls straight through a function pointer.

mod a;
mod f_d;
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
    use f_d::{D, S};
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
        Sret => system::sret,
        SfenceVma => system::sfence_vma,
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
        Flw => f_d::load::<S>,
        Fsw => f_d::store::<S>,
        FmaddS => f_d::fmadd::<S>,
        FmsubS => f_d::fmsub::<S>,
        FnmsubS => f_d::fnmsub::<S>,
        FnmaddS => f_d::fnmadd::<S>,
        FaddS => f_d::add::<S>,
        FsubS => f_d::sub::<S>,
        FmulS => f_d::mul::<S>,
        FdivS => f_d::div::<S>,
        FsqrtS => f_d::sqrt::<S>,
        FsgnjS => f_d::sgnj::<S>,
        FsgnjnS => f_d::sgnjn::<S>,
        FsgnjxS => f_d::sgnjx::<S>,
        FminS => f_d::min::<S>,
        FmaxS => f_d::max::<S>,
        FcvtWS => f_d::cvt_w::<S>,
        FcvtWuS => f_d::cvt_wu::<S>,
        FcvtLS => f_d::cvt_l::<S>,
        FcvtLuS => f_d::cvt_lu::<S>,
        FmvXW => f_d::mv_to_x::<S>,
        FclassS => f_d::class::<S>,
        FeqS => f_d::feq::<S>,
        FltS => f_d::flt::<S>,
        FleS => f_d::fle::<S>,
        FcvtSW => f_d::cvt_from_w::<S>,
        FcvtSWu => f_d::cvt_from_wu::<S>,
        FcvtSL => f_d::cvt_from_l::<S>,
        FcvtSLu => f_d::cvt_from_lu::<S>,
        FmvWX => f_d::mv_from_x::<S>,
        Fld => f_d::load::<D>,
        Fsd => f_d::store::<D>,
        FmaddD => f_d::fmadd::<D>,
        FmsubD => f_d::fmsub::<D>,
        FnmsubD => f_d::fnmsub::<D>,
        FnmaddD => f_d::fnmadd::<D>,
        FaddD => f_d::add::<D>,
        FsubD => f_d::sub::<D>,
        FmulD => f_d::mul::<D>,
        FdivD => f_d::div::<D>,
        FsqrtD => f_d::sqrt::<D>,
        FsgnjD => f_d::sgnj::<D>,
        FsgnjnD => f_d::sgnjn::<D>,
        FsgnjxD => f_d::sgnjx::<D>,
        FminD => f_d::min::<D>,
        FmaxD => f_d::max::<D>,
        FcvtSD => f_d::cvt_s_d,
        FcvtDS => f_d::cvt_d_s,
        FcvtWD => f_d::cvt_w::<D>,
        FcvtWuD => f_d::cvt_wu::<D>,
        FcvtLD => f_d::cvt_l::<D>,
        FcvtLuD => f_d::cvt_lu::<D>,
        FmvXD => f_d::mv_to_x::<D>,
        FclassD => f_d::class::<D>,
        FeqD => f_d::feq::<D>,
        FltD => f_d::flt::<D>,
        FleD => f_d::fle::<D>,
        FcvtDW => f_d::cvt_from_w::<D>,
        FcvtDWu => f_d::cvt_from_wu::<D>,
        FcvtDL => f_d::cvt_from_l::<D>,
        FcvtDLu => f_d::cvt_from_lu::<D>,
        FmvDX => f_d::mv_from_x::<D>,
        Illegal => illegal,
    }
}
