//! What each instruction does, one file per extension. Every instruction is a
//! `Handler`; `handler(op)`, generated from the instruction list's semantics
//! column, maps an `Op` to it once, at decode time, so the engine calls
//! straight through a function pointer.

mod a;
mod f_d;
mod i;
mod m;
mod system;
mod zb;
mod zicbo;
mod zicond;
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

macro_rules! handler_table {
    ($( $op:ident $name:literal $bits:literal $mask:literal $format:ident
        [$($any:ident)|+ $(& $all:ident)?] $class:ident $width:tt => $sem:path; )*) => {
        /// The handler for `op`: the semantics column of the instruction list.
        pub fn handler(op: Op) -> Handler {
            #[allow(unused_imports)]
            use f_d::{D, H, S};
            match op {
                $(Op::$op => $sem,)*
                Op::Illegal => illegal,
            }
        }
    };
}

crate::isa::list::for_each_insn!(handler_table);
