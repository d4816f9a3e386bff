//! RV64M: multiply and divide. Division by zero and signed overflow do not
//! trap; they give the results the spec fixes (all ones / the dividend).

use super::{reg_reg, sext32};
use crate::bus::Bus;
use crate::hart::{ExecResult, Hart};
use crate::isa::Insn;

reg_reg!(mul, |a, b| a.wrapping_mul(b));
reg_reg!(mulh, |a, b| ((a as i64 as i128 * b as i64 as i128) >> 64) as u64);
reg_reg!(mulhsu, |a, b| ((a as i64 as i128 * b as i128) >> 64) as u64);
reg_reg!(mulhu, |a, b| ((a as u128 * b as u128) >> 64) as u64);
reg_reg!(div, |a, b| if b == 0 { u64::MAX } else { (a as i64).wrapping_div(b as i64) as u64 });
reg_reg!(divu, |a, b| a.checked_div(b).unwrap_or(u64::MAX));
reg_reg!(rem, |a, b| if b == 0 { a } else { (a as i64).wrapping_rem(b as i64) as u64 });
reg_reg!(remu, |a, b| if b == 0 { a } else { a % b });

reg_reg!(mulw, |a, b| sext32(a.wrapping_mul(b)));
reg_reg!(divw, |a, b| {
    let (a, b) = (a as i32, b as i32);
    if b == 0 { u64::MAX } else { a.wrapping_div(b) as i64 as u64 }
});
reg_reg!(divuw, |a, b| {
    let (a, b) = (a as u32, b as u32);
    a.checked_div(b).map_or(u64::MAX, |q| sext32(q as u64))
});
reg_reg!(remw, |a, b| {
    let (a, b) = (a as i32, b as i32);
    if b == 0 { a as i64 as u64 } else { a.wrapping_rem(b) as i64 as u64 }
});
reg_reg!(remuw, |a, b| {
    let (a, b) = (a as u32, b as u32);
    if b == 0 { sext32(a as u64) } else { sext32((a % b) as u64) }
});
