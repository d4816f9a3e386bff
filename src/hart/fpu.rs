//! Floating-point state and the rules every F/D instruction shares: the
//! `mstatus.FS` gate, rounding-mode selection, NaN-boxing of single-precision
//! values in the 64-bit registers, and exception-flag accrual. Arithmetic
//! itself is Berkeley SoftFloat 3 with its RISC-V specialisation (through
//! `softfloat-wrapper`), so results, NaNs and flags are bit-exact.

use super::trap::Exception;
use super::{ExecResult, Hart};
use crate::isa::Insn;
use softfloat_wrapper::{ExceptionFlags, RoundingMode};

pub use super::mstatus::MSTATUS_FS;
const FS_DIRTY: u64 = 3 << 13;
pub const CANONICAL_NAN_H: u16 = 0x7e00;
pub const CANONICAL_NAN_S: u32 = 0x7fc0_0000;
pub const CANONICAL_NAN_D: u64 = 0x7ff8_0000_0000_0000;
const BOX: u64 = 0xffff_ffff_0000_0000;
const BOX_H: u64 = 0xffff_ffff_ffff_0000;
const RM_DYNAMIC: u8 = 7;

impl Hart {
    /// Every FP instruction is illegal while `mstatus.FS` is Off.
    #[inline(always)]
    pub fn require_fp(&self, i: &Insn) -> ExecResult {
        if self.csr.mstatus & MSTATUS_FS == 0 {
            return Err(Exception::IllegalInsn(i.raw).into());
        }
        Ok(())
    }

    /// The rounding mode an instruction uses: its own field, or `frm` when the
    /// field says dynamic. Reserved modes (5, 6, or an invalid `frm`) are illegal.
    pub fn rounding_mode(&self, i: &Insn) -> Result<RoundingMode, Exception> {
        let rm = if i.rm() == RM_DYNAMIC { self.csr.frm } else { i.rm() };
        Ok(match rm {
            0 => RoundingMode::TiesToEven,
            1 => RoundingMode::TowardZero,
            2 => RoundingMode::TowardNegative,
            3 => RoundingMode::TowardPositive,
            4 => RoundingMode::TiesToAway,
            _ => return Err(Exception::IllegalInsn(i.raw)),
        })
    }

    /// Run one SoftFloat operation and accrue the exception flags it raised.
    pub fn softfloat<T>(&mut self, op: impl FnOnce() -> T) -> T {
        ExceptionFlags::default().set();
        let result = op();
        let mut flags = ExceptionFlags::default();
        flags.get();
        self.accrue_fflags(flags.to_bits());
        result
    }

    /// SoftFloat's flag bits are laid out as `fflags` is (NX, UF, OF, DZ, NV).
    pub fn accrue_fflags(&mut self, flags: u8) {
        if flags != 0 {
            self.csr.fflags |= flags & 0x1f;
            self.csr.mstatus |= FS_DIRTY;
            self.fp_flags_raised = true;
        }
    }

    pub fn mark_fp_dirty(&mut self) {
        self.csr.mstatus |= FS_DIRTY;
    }

    /// A single-precision operand: the low half if properly NaN-boxed,
    /// otherwise the canonical NaN.
    #[inline(always)]
    pub fn f32_reg(&self, r: u8) -> u32 {
        let v = self.f[r as usize];
        if v & BOX == BOX { v as u32 } else { CANONICAL_NAN_S }
    }

    /// Write a single-precision result, NaN-boxed.
    #[inline(always)]
    pub fn set_f32(&mut self, r: u8, v: u32) {
        self.f[r as usize] = BOX | v as u64;
        self.csr.mstatus |= FS_DIRTY;
    }

    /// A half-precision operand: the low 16 bits if NaN-boxed (all ones
    /// above), otherwise the canonical NaN.
    #[inline(always)]
    pub fn f16_reg(&self, r: u8) -> u16 {
        let v = self.f[r as usize];
        if v & BOX_H == BOX_H { v as u16 } else { CANONICAL_NAN_H }
    }

    /// Write a half-precision result, NaN-boxed.
    #[inline(always)]
    pub fn set_f16(&mut self, r: u8, v: u16) {
        self.f[r as usize] = BOX_H | v as u64;
        self.csr.mstatus |= FS_DIRTY;
    }

    #[inline(always)]
    pub fn f64_reg(&self, r: u8) -> u64 {
        self.f[r as usize]
    }

    #[inline(always)]
    pub fn set_f64(&mut self, r: u8, v: u64) {
        self.f[r as usize] = v;
        self.csr.mstatus |= FS_DIRTY;
    }
}
