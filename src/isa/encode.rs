//! `Insn` -> instruction bits: the inverse of the decoder, driven by the same
//! table (the row's fixed bits, then each operand placed where its format
//! keeps it). Fields the decoded `Insn` has no slot for (rounding mode,
//! aq/rl) are taken from `insn.raw`; fields execution ignores (a fence's fm,
//! rd and rs1) are encoded as zero. Compressed instructions
//! are encoded from their `c.` mnemonic by `rvc::encode`.

use super::decode::Insn;
use super::table::{Format, Op};

/// Bits of a format that no operand field describes, kept from `insn.raw`.
fn extra_bits(format: Format) -> u32 {
    match format {
        Format::FpR | Format::FpR4 | Format::FpUnary | Format::FpToInt | Format::IntToFp => 0x7000,
        Format::Amo | Format::Lr => 0x0600_0000,
        _ => 0,
    }
}

/// Encode a 32-bit instruction. `None` for `Illegal`.
pub fn encode(insn: &Insn) -> Option<u32> {
    let spec = insn.op.spec()?;
    let (rd, rs1, rs2) = (insn.rd as u32 & 31, insn.rs1 as u32 & 31, insn.rs2 as u32 & 31);
    let imm = insn.imm as u32;
    let fields = match spec.format {
        Format::R | Format::Amo | Format::FpR | Format::FpRNoRm | Format::FpCmp => {
            rd << 7 | rs1 << 15 | rs2 << 20
        }
        Format::FpR4 => rd << 7 | rs1 << 15 | rs2 << 20 | (imm & 31) << 27,
        Format::I | Format::Load | Format::Jalr | Format::FpLoad => {
            rd << 7 | rs1 << 15 | (imm & 0xfff) << 20
        }
        Format::Shift => rd << 7 | rs1 << 15 | (imm & 0x3f) << 20,
        Format::ShiftW => rd << 7 | rs1 << 15 | (imm & 0x1f) << 20,
        Format::Store | Format::FpStore => {
            rs1 << 15 | rs2 << 20 | (imm & 0x1f) << 7 | (imm >> 5 & 0x7f) << 25
        }
        Format::Branch => {
            rs1 << 15
                | rs2 << 20
                | (imm >> 12 & 1) << 31
                | (imm >> 5 & 0x3f) << 25
                | (imm >> 1 & 0xf) << 8
                | (imm >> 11 & 1) << 7
        }
        Format::U => rd << 7 | (imm & 0xffff_f000),
        Format::J => {
            rd << 7
                | (imm >> 20 & 1) << 31
                | (imm >> 1 & 0x3ff) << 21
                | (imm >> 11 & 1) << 20
                | (imm >> 12 & 0xff) << 12
        }
        Format::Csr | Format::CsrImm => rd << 7 | rs1 << 15 | (imm & 0xfff) << 20,
        Format::Lr
        | Format::FpUnary
        | Format::FpToInt
        | Format::IntToFp
        | Format::FpToIntRaw
        | Format::IntToFpRaw => rd << 7 | rs1 << 15,
        Format::SfenceVma => rs1 << 15 | rs2 << 20,
        Format::Fence => (imm & 0xff) << 20,
        Format::None => 0,
    };
    Some(spec.bits | (fields & !spec.mask) | (insn.raw & extra_bits(spec.format) & !spec.mask))
}

/// An `Insn` for `op` with the given operands (no extra bits).
pub fn insn(op: Op, rd: u8, rs1: u8, rs2: u8, imm: i64) -> Insn {
    Insn { op, rd, rs1, rs2, imm, raw: 0, len: 4 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::isa::decode::decode;
    use proptest::prelude::*;

    proptest! {
        /// Every word that decodes re-encodes to a word that decodes the same way.
        #[test]
        fn encode_inverts_decode(raw in any::<u32>()) {
            let d = decode(raw | 3);
            if d.op != Op::Illegal {
                let again = decode(encode(&d).unwrap());
                prop_assert_eq!((again.op, again.rd, again.rs1, again.rs2, again.imm),
                                (d.op, d.rd, d.rs1, d.rs2, d.imm));
                let extra = extra_bits(d.op.format());
                prop_assert_eq!(again.raw & extra, d.raw & extra, "rm / aq,rl / fm");
            }
        }
    }

    #[test]
    fn encodes_known_instructions() {
        assert_eq!(encode(&insn(Op::Addi, 10, 10, 0, -1)), Some(0xfff5_0513));
        assert_eq!(encode(&insn(Op::Sd, 0, 2, 1, 8)), Some(0x0011_3423));
        assert_eq!(encode(&insn(Op::Beq, 0, 10, 11, -4)), Some(0xfeb5_0ee3));
        assert_eq!(encode(&insn(Op::Jal, 1, 0, 0, 2048)), Some(0x0010_00ef));
        assert_eq!(encode(&insn(Op::Lui, 10, 0, 0, -0x8000_0000)), Some(0x8000_0537));
        assert_eq!(encode(&insn(Op::Illegal, 0, 0, 0, 0)), None);
    }
}
