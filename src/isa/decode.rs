//! Instruction word -> `Insn`: finds the table row (bucketed by major opcode so a
//! lookup scans a handful of rows) and extracts the operands its format uses.

use super::table::{Format, Op, TABLE};
use std::sync::OnceLock;

/// A decoded instruction: the operation plus every operand, pre-extracted and
/// sign-extended, so execution never looks at the raw bits again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Insn {
    pub op: Op,
    pub rd: u8,
    pub rs1: u8,
    pub rs2: u8,
    /// Sign-extended immediate; the shift amount for shifts; the CSR number for CSR ops.
    pub imm: i64,
    /// The instruction bits as fetched (16-bit ones zero-extended).
    pub raw: u32,
    /// Length in bytes: 4, or 2 for compressed instructions.
    pub len: u8,
}

impl Insn {
    /// The word is not a known instruction.
    pub fn illegal(raw: u32, len: u8) -> Self {
        Insn { op: Op::Illegal, rd: 0, rs1: 0, rs2: 0, imm: 0, raw, len }
    }

    /// The rounding-mode field (bits 14:12) of a floating-point instruction.
    pub fn rm(&self) -> u8 {
        (self.raw >> 12 & 7) as u8
    }

    /// Acquire/release bits of an atomic (bit 26 = aq, bit 25 = rl).
    pub fn aq_rl(&self) -> (bool, bool) {
        (self.raw >> 26 & 1 != 0, self.raw >> 25 & 1 != 0)
    }
}

/// Length in bytes of the instruction whose first halfword is `low`.
pub fn insn_len(low: u16) -> u8 {
    if low & 3 == 3 { 4 } else { 2 }
}

/// Rows of `TABLE` grouped by the 7-bit major opcode.
fn buckets() -> &'static [Vec<u16>; 128] {
    static BUCKETS: OnceLock<[Vec<u16>; 128]> = OnceLock::new();
    BUCKETS.get_or_init(|| {
        let mut b: [Vec<u16>; 128] = std::array::from_fn(|_| Vec::new());
        for (i, spec) in TABLE.iter().enumerate() {
            b[(spec.bits & 0x7f) as usize].push(i as u16);
        }
        b
    })
}

/// Decode a 32-bit instruction word. Unknown words decode to `Op::Illegal`.
pub fn decode(raw: u32) -> Insn {
    let Some(spec) = buckets()[(raw & 0x7f) as usize]
        .iter()
        .map(|&i| &TABLE[i as usize])
        .find(|s| raw & s.mask == s.bits)
    else {
        return Insn::illegal(raw, 4);
    };
    // Fields a format does not use are left zero, so equal instructions decode equal.
    let (uses_rd, uses_rs1, uses_rs2) = operand_fields(spec.format);
    let rd = if uses_rd { (raw >> 7 & 31) as u8 } else { 0 };
    let rs1 = if uses_rs1 { (raw >> 15 & 31) as u8 } else { 0 };
    let rs2 = if uses_rs2 { (raw >> 20 & 31) as u8 } else { 0 };
    let imm = match spec.format {
        Format::I | Format::Load | Format::Jalr | Format::FpLoad => i_imm(raw),
        Format::Store | Format::FpStore => s_imm(raw),
        Format::FpR4 => (raw >> 27) as i64,
        Format::Branch => b_imm(raw),
        Format::U => (raw & 0xffff_f000) as i32 as i64,
        Format::J => j_imm(raw),
        Format::Shift => (raw >> 20 & 0x3f) as i64,
        Format::ShiftW => (raw >> 20 & 0x1f) as i64,
        Format::Csr | Format::CsrImm => (raw >> 20) as i64,
        Format::Fence => (raw >> 20 & 0xff) as i64,
        Format::R
        | Format::Amo
        | Format::Lr
        | Format::None
        | Format::SfenceVma
        | Format::FpR
        | Format::FpRNoRm
        | Format::FpUnary
        | Format::FpToInt
        | Format::IntToFp
        | Format::FpCmp
        | Format::FpToIntRaw
        | Format::IntToFpRaw => 0,
    };
    Insn { op: spec.op, rd, rs1, rs2, imm, raw, len: 4 }
}

/// Which of rd, rs1 and rs2 a format uses.
fn operand_fields(format: Format) -> (bool, bool, bool) {
    use Format::*;
    match format {
        R | Amo | FpR | FpRNoRm | FpR4 | FpCmp => (true, true, true),
        I | Shift | ShiftW | Load | Jalr | Csr | CsrImm | Lr | FpUnary | FpToInt | IntToFp
        | FpToIntRaw | IntToFpRaw | FpLoad => (true, true, false),
        Store | Branch | FpStore | SfenceVma => (false, true, true),
        U | J => (true, false, false),
        Fence | None => (false, false, false),
    }
}

fn i_imm(raw: u32) -> i64 {
    (raw as i32 >> 20) as i64
}

fn s_imm(raw: u32) -> i64 {
    ((raw as i32 >> 25) << 5 | (raw >> 7 & 0x1f) as i32) as i64
}

fn b_imm(raw: u32) -> i64 {
    let sign = (raw as i32 >> 31) << 12;
    let b11 = (raw >> 7 & 1) << 11;
    let b10_5 = (raw >> 25 & 0x3f) << 5;
    let b4_1 = (raw >> 8 & 0xf) << 1;
    (sign | (b11 | b10_5 | b4_1) as i32) as i64
}

fn j_imm(raw: u32) -> i64 {
    let sign = (raw as i32 >> 31) << 20;
    let b19_12 = raw & 0x000f_f000;
    let b11 = (raw >> 20 & 1) << 11;
    let b10_1 = (raw >> 21 & 0x3ff) << 1;
    (sign | (b19_12 | b11 | b10_1) as i32) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn decodes_operands_of_known_words() {
        // addi a0, a0, -1
        let i = decode(0xfff5_0513);
        assert_eq!((i.op, i.rd, i.rs1, i.imm), (Op::Addi, 10, 10, -1));
        // sd ra, 8(sp)
        let i = decode(0x0011_3423);
        assert_eq!((i.op, i.rs1, i.rs2, i.imm), (Op::Sd, 2, 1, 8));
        // beq a0, a1, -4
        let i = decode(0xfeb5_0ee3);
        assert_eq!((i.op, i.rs1, i.rs2, i.imm), (Op::Beq, 10, 11, -4));
        // jal ra, +2048
        let i = decode(0x0010_00ef);
        assert_eq!((i.op, i.rd, i.imm), (Op::Jal, 1, 2048));
        // lui a0, 0x80000 (sign-extends on RV64)
        let i = decode(0x8000_0537);
        assert_eq!((i.op, i.imm), (Op::Lui, -0x8000_0000));
        // srai a0, a0, 63
        let i = decode(0x43f5_5513);
        assert_eq!((i.op, i.imm), (Op::Srai, 63));
        // csrrs a0, mhartid, zero
        let i = decode(0xf140_2573);
        assert_eq!((i.op, i.rd, i.imm), (Op::Csrrs, 10, 0xf14));
    }

    #[test]
    fn rejects_unknown_words() {
        assert_eq!(decode(0).op, Op::Illegal);
        assert_eq!(decode(0xffff_ffff).op, Op::Illegal);
        // slliw with shamt[5] set is reserved on RV64
        assert_eq!(decode(0x0200_151b).op, Op::Illegal);
        // lr.w with a non-zero rs2 field
        assert_eq!(decode(0x1010_252f).op, Op::Illegal);
    }

    proptest! {
        #[test]
        fn decoding_agrees_with_a_linear_table_scan(raw in any::<u32>()) {
            let expected = TABLE.iter().find(|s| raw & s.mask == s.bits).map_or(Op::Illegal, |s| s.op);
            prop_assert_eq!(decode(raw).op, expected);
        }
    }
}
