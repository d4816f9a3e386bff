//! Instruction word -> `Insn`: finds the table row (bucketed by major opcode,
//! most specific pattern first, so a lookup scans a handful of rows) among
//! the instructions the hart's extensions enable, and extracts the operands
//! its format lists.

use super::insn::{Insn, insn_len};
use super::isa_string::{Ext, ExtSet, Isa};
use super::rvc;
use super::table::TABLE;
use std::sync::OnceLock;

/// Rows of `TABLE` grouped by the 7-bit major opcode, most specific mask first.
fn buckets() -> &'static [Vec<u16>; 128] {
    static BUCKETS: OnceLock<[Vec<u16>; 128]> = OnceLock::new();
    BUCKETS.get_or_init(|| {
        let mut b: [Vec<u16>; 128] = std::array::from_fn(|_| Vec::new());
        for (i, spec) in TABLE.iter().enumerate() {
            b[(spec.bits & 0x7f) as usize].push(i as u16);
        }
        for bucket in &mut b {
            bucket.sort_by_key(|&i| std::cmp::Reverse(TABLE[i as usize].mask.count_ones()));
        }
        b
    })
}

/// Decode a 32-bit word as any instruction hartsim knows (for disassembly).
pub fn decode(raw: u32) -> Insn {
    decode_for(raw, Isa::full().exts)
}

/// Decode a 32-bit word on a hart with extensions `exts`: instructions of
/// other extensions decode to `Op::Illegal`.
pub fn decode_for(raw: u32, exts: ExtSet) -> Insn {
    let Some(spec) = buckets()[(raw & 0x7f) as usize]
        .iter()
        .map(|&i| &TABLE[i as usize])
        .find(|s| raw & s.mask == s.bits && s.requires.met_by(exts))
    else {
        return Insn::illegal(raw, 4);
    };
    let mut insn = Insn { op: spec.op, ..Insn::illegal(raw, 4) };
    for operand in spec.format.operands() {
        operand.decode(raw, &mut insn);
    }
    insn
}

/// Decode a fetched instruction of either length (a 16-bit one in the low
/// half of `raw`) on a hart with extensions `exts`.
pub fn decode_any(raw: u32, exts: ExtSet) -> Insn {
    if insn_len(raw as u16) == 4 {
        return decode_for(raw, exts);
    }
    let insn = rvc::expand(raw as u16);
    let enabled = exts.has(Ext::C) && insn.op.spec().is_some_and(|s| s.requires.met_by(exts));
    if enabled { insn } else { Insn::illegal(raw & 0xffff, 2) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::isa::Op;
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
        assert_eq!((i.op, i.rd, i.csr, i.imm), (Op::Csrrs, 10, 0xf14, 0));
        // csrrwi zero, mscratch, 5
        let i = decode(0x3402_d073);
        assert_eq!((i.op, i.csr, i.imm, i.rs1), (Op::Csrrwi, 0x340, 5, 0));
        // fmadd.d fa0, fa1, fa2, fa3
        let i = decode(0x6ac5_f543);
        assert_eq!((i.op, i.rs1, i.rs2, i.rs3, i.imm), (Op::FmaddD, 11, 12, 13, 0));
        // zext.h a0, a1 is packw a0, a1, zero
        assert_eq!(decode(0x0805_c53b).op, Op::ZextH);
        assert_eq!(decode(0x08c5_c53b).op, Op::Packw);
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

    #[test]
    fn only_enabled_extensions_decode() {
        let gc = Isa::RV64GC.exts;
        assert_eq!(decode_for(0x2005_2533, gc).op, Op::Illegal); // sh1add
        assert_eq!(decode_for(0x0200_0033, Isa::parse("rv64i").unwrap().exts).op, Op::Illegal);
        // zext.h needs Zbb; with only Zbkb the word is packw a0, a1, zero.
        let zbkb = Isa::parse("rv64gc_zbkb").unwrap().exts;
        assert_eq!(decode_for(0x0805_c53b, zbkb).op, Op::Packw);
        let zbb = Isa::parse("rv64gc_zbb").unwrap().exts;
        assert_eq!(decode_for(0x0805_c53b, zbb).op, Op::ZextH);
        // Compressed instructions need C (and c.fld needs D).
        let imac = Isa::parse("rv64imac").unwrap().exts;
        assert_eq!(decode_any(0x4501, imac).op, Op::Addi); // c.li a0,0
        assert_eq!(decode_any(0x2188, imac).op, Op::Illegal); // c.fld
        assert_eq!(decode_any(0x4501, Isa::parse("rv64g").unwrap().exts).op, Op::Illegal);
    }

    proptest! {
        #[test]
        fn decoding_agrees_with_a_most_specific_table_scan(raw in any::<u32>()) {
            let best = TABLE
                .iter()
                .filter(|s| raw & s.mask == s.bits)
                .max_by_key(|s| s.mask.count_ones())
                .map_or(Op::Illegal, |s| s.op);
            prop_assert_eq!(decode(raw).op, best);
        }
    }
}
