//! RV64F, RV64D and Zfh. Each operation is written once, generic over the
//! precision (`H`, `S` or `D`); the handler table instantiates both. Every handler
//! first checks `mstatus.FS`, then reads operands (single-precision ones
//! unboxed), computes through SoftFloat, accrues flags and writes the result.

use super::sext32;
use crate::bus::Bus;
use crate::hart::fpu::{CANONICAL_NAN_D, CANONICAL_NAN_H, CANONICAL_NAN_S};
use crate::hart::{ExecResult, Hart};
use crate::isa::Insn;
use softfloat_wrapper::{F16, F32, F64, Float, RoundingMode};

/// One floating-point precision: how its values live in the register file.
pub trait Precision {
    type F: Float + Copy;
    const BYTES: u64;
    const SIGN: u64;
    const CANONICAL_NAN: u64;
    fn read(h: &Hart, r: u8) -> Self::F;
    fn write(h: &mut Hart, r: u8, v: Self::F);
    fn to_raw(v: Self::F) -> u64;
    fn from_raw(raw: u64) -> Self::F;
    /// The value to put in an integer register for `fmv.x.*` (sign-extended).
    fn raw_to_x(h: &Hart, r: u8) -> u64;
}

pub struct H;
pub struct S;
pub struct D;

/// One precision: its SoftFloat type, the integer of its bits, its
/// canonical NaN, the register accessors that NaN-box it, and how `fmv.x.*`
/// widens it into an integer register.
macro_rules! precision {
    ($p:ident, $float:ident, $bits:ty, $nan:expr, $reg:ident, $set:ident, |$h:ident, $r:ident| $to_x:expr) => {
        impl Precision for $p {
            type F = $float;
            const BYTES: u64 = std::mem::size_of::<$bits>() as u64;
            const SIGN: u64 = 1 << (8 * Self::BYTES - 1);
            const CANONICAL_NAN: u64 = $nan as u64;
            fn read(h: &Hart, r: u8) -> $float {
                $float::from_bits(h.$reg(r))
            }
            fn write(h: &mut Hart, r: u8, v: $float) {
                h.$set(r, v.to_bits());
            }
            fn to_raw(v: $float) -> u64 {
                v.to_bits() as u64
            }
            fn from_raw(raw: u64) -> $float {
                $float::from_bits(raw as $bits)
            }
            fn raw_to_x($h: &Hart, $r: u8) -> u64 {
                $to_x
            }
        }
    };
}

precision!(H, F16, u16, CANONICAL_NAN_H, f16_reg, set_f16, |h, r| h.f[r as usize] as i16 as u64);
precision!(S, F32, u32, CANONICAL_NAN_S, f32_reg, set_f32, |h, r| sext32(h.f[r as usize]));
precision!(D, F64, u64, CANONICAL_NAN_D, f64_reg, set_f64, |h, r| h.f[r as usize]);

fn negate<P: Precision>(v: P::F) -> P::F {
    P::from_raw(P::to_raw(v) ^ P::SIGN)
}

pub fn load<P: Precision>(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
    h.require_fp(i)?;
    let addr = h.x[i.rs1 as usize].wrapping_add(i.imm as u64);
    let v = h.load(bus, addr, P::BYTES)?;
    P::write(h, i.rd, P::from_raw(v));
    Ok(())
}

/// Stores write the register's raw low bits: no unboxing.
pub fn store<P: Precision>(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
    h.require_fp(i)?;
    let addr = h.x[i.rs1 as usize].wrapping_add(i.imm as u64);
    h.store(bus, addr, P::BYTES, h.f[i.rs2 as usize])
}

/// `fd = op(fs1, fs2)` with rounding.
fn binary<P: Precision>(
    h: &mut Hart,
    i: &Insn,
    op: fn(P::F, P::F, RoundingMode) -> P::F,
) -> ExecResult {
    h.require_fp(i)?;
    let rm = h.rounding_mode(i)?;
    let (a, b) = (P::read(h, i.rs1), P::read(h, i.rs2));
    let r = h.softfloat(|| op(a, b, rm));
    P::write(h, i.rd, r);
    Ok(())
}

pub fn add<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    binary::<P>(h, i, |a, b, rm| a.add(b, rm))
}
pub fn sub<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    binary::<P>(h, i, |a, b, rm| a.sub(b, rm))
}
pub fn mul<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    binary::<P>(h, i, |a, b, rm| a.mul(b, rm))
}
pub fn div<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    binary::<P>(h, i, |a, b, rm| a.div(b, rm))
}

pub fn sqrt<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    h.require_fp(i)?;
    let rm = h.rounding_mode(i)?;
    let a = P::read(h, i.rs1);
    let r = h.softfloat(|| a.sqrt(rm));
    P::write(h, i.rd, r);
    Ok(())
}

/// Fused multiply-add, rounded once: `fd = ±(fs1 * fs2) ± fs3`.
fn fused<P: Precision>(
    h: &mut Hart,
    i: &Insn,
    negate_product: bool,
    negate_addend: bool,
) -> ExecResult {
    h.require_fp(i)?;
    let rm = h.rounding_mode(i)?;
    let (mut a, b, mut c) = (P::read(h, i.rs1), P::read(h, i.rs2), P::read(h, i.rs3));
    if negate_product {
        a = negate::<P>(a);
    }
    if negate_addend {
        c = negate::<P>(c);
    }
    let r = h.softfloat(|| a.fused_mul_add(b, c, rm));
    P::write(h, i.rd, r);
    Ok(())
}

pub fn fmadd<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    fused::<P>(h, i, false, false)
}
pub fn fmsub<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    fused::<P>(h, i, false, true)
}
pub fn fnmsub<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    fused::<P>(h, i, true, false)
}
pub fn fnmadd<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    fused::<P>(h, i, true, true)
}

/// Sign injection works on the bits and never canonicalises a NaN.
fn sign_inject<P: Precision>(h: &mut Hart, i: &Insn, sign: fn(u64, u64) -> u64) -> ExecResult {
    h.require_fp(i)?;
    let (a, b) = (P::to_raw(P::read(h, i.rs1)), P::to_raw(P::read(h, i.rs2)));
    let r = (a & !P::SIGN) | (sign(a, b) & P::SIGN);
    P::write(h, i.rd, P::from_raw(r));
    Ok(())
}

pub fn sgnj<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    sign_inject::<P>(h, i, |_, b| b)
}
pub fn sgnjn<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    sign_inject::<P>(h, i, |_, b| !b)
}
pub fn sgnjx<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    sign_inject::<P>(h, i, |a, b| a ^ b)
}

/// `fmin`/`fmax` (ISA 2.2 and later): a signalling NaN raises NV; one NaN
/// operand yields the other operand; two NaNs yield the canonical NaN; and
/// -0.0 is less than +0.0.
fn min_max<P: Precision>(h: &mut Hart, i: &Insn, want_max: bool) -> ExecResult {
    h.require_fp(i)?;
    let (a, b) = (P::read(h, i.rs1), P::read(h, i.rs2));
    if a.is_signaling_nan() || b.is_signaling_nan() {
        h.accrue_fflags(0x10);
    }
    let r = match (a.is_nan(), b.is_nan()) {
        (true, true) => P::from_raw(P::CANONICAL_NAN),
        (true, false) => b,
        (false, true) => a,
        _ if a.is_zero() && b.is_zero() => {
            // Equal magnitudes: pick by sign bit.
            let a_neg = P::to_raw(a) & P::SIGN != 0;
            if a_neg != want_max { a } else { b }
        }
        _ => {
            let a_less = a.lt_quiet(b);
            if a_less != want_max { a } else { b }
        }
    };
    P::write(h, i.rd, r);
    Ok(())
}

pub fn min<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    min_max::<P>(h, i, false)
}
pub fn max<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    min_max::<P>(h, i, true)
}

/// Comparisons write 0/1 to an integer register; `feq` is quiet, `flt`/`fle` signal on any NaN.
fn compare<P: Precision>(h: &mut Hart, i: &Insn, op: fn(P::F, P::F) -> bool) -> ExecResult {
    h.require_fp(i)?;
    let (a, b) = (P::read(h, i.rs1), P::read(h, i.rs2));
    let r = h.softfloat(|| op(a, b));
    h.set_x(i.rd, r as u64);
    Ok(())
}

pub fn feq<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    compare::<P>(h, i, |a, b| a.eq(b))
}
pub fn flt<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    compare::<P>(h, i, |a, b| a.lt(b))
}
pub fn fle<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    compare::<P>(h, i, |a, b| a.le(b))
}

pub fn class<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    h.require_fp(i)?;
    let a = P::read(h, i.rs1);
    let bit = if a.is_negative_infinity() {
        0
    } else if a.is_negative_normal() {
        1
    } else if a.is_negative_subnormal() {
        2
    } else if a.is_negative_zero() {
        3
    } else if a.is_positive_zero() {
        4
    } else if a.is_positive_subnormal() {
        5
    } else if a.is_positive_normal() {
        6
    } else if a.is_positive_infinity() {
        7
    } else if a.is_signaling_nan() {
        8
    } else {
        9
    };
    h.set_x(i.rd, 1 << bit);
    Ok(())
}

/// Float -> integer. SoftFloat's RISC-V specialisation saturates (NaN gives
/// the largest positive value) and raises NV; inexact results raise NX. 32-bit
/// results are sign-extended, unsigned ones included.
fn to_int<P: Precision>(h: &mut Hart, i: &Insn, op: fn(P::F, RoundingMode) -> u64) -> ExecResult {
    h.require_fp(i)?;
    let rm = h.rounding_mode(i)?;
    let a = P::read(h, i.rs1);
    let r = h.softfloat(|| op(a, rm));
    h.set_x(i.rd, r);
    Ok(())
}

pub fn cvt_w<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    to_int::<P>(h, i, |a, rm| a.to_i32(rm, true) as i64 as u64)
}
pub fn cvt_wu<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    to_int::<P>(h, i, |a, rm| sext32(a.to_u32(rm, true) as u64))
}
pub fn cvt_l<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    to_int::<P>(h, i, |a, rm| a.to_i64(rm, true) as u64)
}
pub fn cvt_lu<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    to_int::<P>(h, i, |a, rm| a.to_u64(rm, true))
}

/// Integer -> float.
fn from_int<P: Precision>(h: &mut Hart, i: &Insn, op: fn(u64, RoundingMode) -> P::F) -> ExecResult {
    h.require_fp(i)?;
    let rm = h.rounding_mode(i)?;
    let x = h.x[i.rs1 as usize];
    let r = h.softfloat(|| op(x, rm));
    P::write(h, i.rd, r);
    Ok(())
}

pub fn cvt_from_w<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    from_int::<P>(h, i, |x, rm| P::F::from_i32(x as i32, rm))
}
pub fn cvt_from_wu<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    from_int::<P>(h, i, |x, rm| P::F::from_u32(x as u32, rm))
}
pub fn cvt_from_l<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    from_int::<P>(h, i, |x, rm| P::F::from_i64(x as i64, rm))
}
pub fn cvt_from_lu<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    from_int::<P>(h, i, P::F::from_u64)
}

/// `fmv.x.*`: the raw bits, no unboxing, sign-extended from 32 bits for `.w`.
pub fn mv_to_x<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    h.require_fp(i)?;
    h.set_x(i.rd, P::raw_to_x(h, i.rs1));
    Ok(())
}

/// `fmv.*.x`: the raw bits (NaN-boxed for `.w`).
pub fn mv_from_x<P: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    h.require_fp(i)?;
    P::write(h, i.rd, P::from_raw(h.x[i.rs1 as usize]));
    Ok(())
}

/// Conversion between precisions (`fcvt.s.d`, `fcvt.h.s`, ...), rounded
/// as the instruction says; NaNs come out canonical.
pub fn cvt<From: Precision, To: Precision>(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult
where
    From::F: Convert<To::F>,
{
    h.require_fp(i)?;
    let rm = h.rounding_mode(i)?;
    let a = From::read(h, i.rs1);
    let r = h.softfloat(|| a.convert(rm));
    To::write(h, i.rd, r);
    Ok(())
}

/// SoftFloat's conversion from one precision to another.
pub trait Convert<T> {
    fn convert(&self, rm: RoundingMode) -> T;
}

macro_rules! convert {
    ($from:ty => $to:ty, $method:ident) => {
        impl Convert<$to> for $from {
            fn convert(&self, rm: RoundingMode) -> $to {
                self.$method(rm)
            }
        }
    };
}

convert!(F64 => F32, to_f32);
convert!(F32 => F64, to_f64);
convert!(F16 => F32, to_f32);
convert!(F32 => F16, to_f16);
convert!(F16 => F64, to_f64);
convert!(F64 => F16, to_f16);
