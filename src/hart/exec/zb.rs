//! Bit manipulation: Zba (address generation), Zbb (basic), Zbc (carry-less
//! multiply), Zbs (single bits), Zbkb and Zbkx (the cryptography subsets:
//! packing, bytewise bit reversal, crossbar permutations).

use super::{reg_imm, reg_reg, sext32};
use crate::bus::Bus;
use crate::hart::{ExecResult, Hart};
use crate::isa::Insn;

/// `rd = f(x[rs1])`
macro_rules! unary {
    ($name:ident, |$a:ident| $e:expr) => {
        pub fn $name(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
            let $a = h.x[i.rs1 as usize];
            h.set_x(i.rd, $e);
            Ok(())
        }
    };
}

fn zext32(v: u64) -> u64 {
    v & 0xffff_ffff
}

// Zba
reg_reg!(add_uw, |a, b| b.wrapping_add(zext32(a)));
reg_reg!(sh1add, |a, b| b.wrapping_add(a << 1));
reg_reg!(sh2add, |a, b| b.wrapping_add(a << 2));
reg_reg!(sh3add, |a, b| b.wrapping_add(a << 3));
reg_reg!(sh1add_uw, |a, b| b.wrapping_add(zext32(a) << 1));
reg_reg!(sh2add_uw, |a, b| b.wrapping_add(zext32(a) << 2));
reg_reg!(sh3add_uw, |a, b| b.wrapping_add(zext32(a) << 3));
reg_imm!(slli_uw, |a, sh| zext32(a) << (sh & 63));

// Zbb: logic with negation
reg_reg!(andn, |a, b| a & !b);
reg_reg!(orn, |a, b| a | !b);
reg_reg!(xnor, |a, b| !(a ^ b));

// Zbb: counting
unary!(clz, |a| a.leading_zeros() as u64);
unary!(ctz, |a| a.trailing_zeros() as u64);
unary!(cpop, |a| a.count_ones() as u64);
unary!(clzw, |a| (a as u32).leading_zeros() as u64);
unary!(ctzw, |a| (a as u32).trailing_zeros() as u64);
unary!(cpopw, |a| (a as u32).count_ones() as u64);

// Zbb: min/max
reg_reg!(max, |a, b| (a as i64).max(b as i64) as u64);
reg_reg!(maxu, |a, b| a.max(b));
reg_reg!(min, |a, b| (a as i64).min(b as i64) as u64);
reg_reg!(minu, |a, b| a.min(b));

// Zbb: sign and zero extension
unary!(sext_b, |a| a as i8 as i64 as u64);
unary!(sext_h, |a| a as i16 as i64 as u64);
unary!(zext_h, |a| a & 0xffff);

// Zbb/Zbkb: rotations
reg_reg!(rol, |a, b| a.rotate_left((b & 63) as u32));
reg_reg!(ror, |a, b| a.rotate_right((b & 63) as u32));
reg_reg!(rolw, |a, b| sext32((a as u32).rotate_left((b & 31) as u32) as u64));
reg_reg!(rorw, |a, b| sext32((a as u32).rotate_right((b & 31) as u32) as u64));
reg_imm!(rori, |a, sh| a.rotate_right((sh & 63) as u32));
reg_imm!(roriw, |a, sh| sext32((a as u32).rotate_right((sh & 31) as u32) as u64));

// Zbb: bytes
unary!(orc_b, |a| {
    // Each byte becomes 0xff if any of its bits is set, else 0.
    u64::from_le_bytes(a.to_le_bytes().map(|b| if b != 0 { 0xff } else { 0 }))
});
unary!(rev8, |a| a.swap_bytes());

// Zbc: carry-less multiplication, the low, high and "reversed" halves of
// the 128-bit product.
fn clmul_wide(a: u64, b: u64) -> u128 {
    (0..64).filter(|i| b >> i & 1 != 0).fold(0u128, |acc, i| acc ^ (a as u128) << i)
}
reg_reg!(clmul, |a, b| clmul_wide(a, b) as u64);
reg_reg!(clmulh, |a, b| (clmul_wide(a, b) >> 64) as u64);
reg_reg!(clmulr, |a, b| (clmul_wide(a, b) >> 63) as u64);

// Zbs
reg_reg!(bclr, |a, b| a & !(1 << (b & 63)));
reg_reg!(bext, |a, b| a >> (b & 63) & 1);
reg_reg!(binv, |a, b| a ^ 1 << (b & 63));
reg_reg!(bset, |a, b| a | 1 << (b & 63));
reg_imm!(bclri, |a, sh| a & !(1 << (sh & 63)));
reg_imm!(bexti, |a, sh| a >> (sh & 63) & 1);
reg_imm!(binvi, |a, sh| a ^ 1 << (sh & 63));
reg_imm!(bseti, |a, sh| a | 1 << (sh & 63));

// Zbkb
reg_reg!(pack, |a, b| zext32(a) | b << 32);
reg_reg!(packh, |a, b| (a & 0xff) | (b & 0xff) << 8);
reg_reg!(packw, |a, b| sext32((a & 0xffff) | (b & 0xffff) << 16));
unary!(brev8, |a| u64::from_le_bytes(a.to_le_bytes().map(u8::reverse_bits)));

// Zbkx: each 4-bit (8-bit) element of rs2 selects an element of rs1, or 0
// when out of range.
reg_reg!(xperm4, |a, b| {
    (0..16).fold(0, |r, i| {
        let index = b >> (4 * i) & 0xf;
        r | (a >> (4 * index) & 0xf) << (4 * i)
    })
});
reg_reg!(xperm8, |a, b| {
    (0..8).fold(0, |r, i| {
        let index = b >> (8 * i) & 0xff;
        let byte = if index < 8 { a >> (8 * index) & 0xff } else { 0 };
        r | byte << (8 * i)
    })
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carry_less_products() {
        // (x + 1)^2 = x^2 + 1 without carries.
        assert_eq!(clmul_wide(3, 3), 5);
        let high = clmul_wide(u64::MAX, u64::MAX);
        assert_eq!(high >> 64, 0x5555_5555_5555_5555);
    }
}
