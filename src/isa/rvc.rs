//! The C extension: every RV64C halfword expands to the 32-bit instruction it
//! stands for (same `Op`, same handler), keeping its own 16 bits in `raw` and
//! `len = 2`. Reserved encodings expand to `Illegal`. `c_form` names the
//! compressed mnemonic and operand layout for the disassembler.

use super::insn::Insn;
use super::op::Op;

/// How a compressed instruction's operands are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CLayout {
    /// no operands
    None,
    /// rd, imm (decimal)
    RdImm,
    /// rd, imm (hex: shift amounts)
    RdShamt,
    /// rd, upper immediate (hex, as lui prints it)
    RdUpper,
    /// sp, imm
    SpImm,
    /// rd, sp, imm
    RdSpImm,
    /// rd, rs2
    RdRs2,
    /// rd, imm(rs1), integer or float destination
    Load {
        /// The destination is a floating-point register.
        float: bool,
    },
    /// rs2, imm(rs1)
    Store {
        /// The source is a floating-point register.
        float: bool,
    },
    /// pc-relative target
    Jump,
    /// rs1
    Rs1,
    /// rs1, pc-relative target
    BranchZ,
}

fn bits(raw: u16, hi: u32, lo: u32) -> u32 {
    (raw as u32 >> lo) & ((1 << (hi - lo + 1)) - 1)
}

/// Sign-extend the low `width` bits.
fn sext(v: u32, width: u32) -> i64 {
    ((v << (32 - width)) as i32 >> (32 - width)) as i64
}

/// The 3-bit register fields of the compact formats name x8..x15 / f8..f15.
fn reg3(raw: u16, lo: u32) -> u8 {
    bits(raw, lo + 2, lo) as u8 + 8
}

fn insn(op: Op, rd: u8, rs1: u8, rs2: u8, imm: i64, raw: u16) -> Insn {
    Insn { rd, rs1, rs2, imm, raw: raw as u32, len: 2, ..Insn::new(op, 0, 0, 0, 0) }
}

/// Expand a compressed instruction; also returns its mnemonic and layout.
pub fn expand_with_form(raw: u16) -> (Insn, Option<(&'static str, CLayout)>) {
    match expand_inner(raw) {
        Some((name, layout, insn)) => (insn, Some((name, layout))),
        None => (Insn::illegal(raw as u32, 2), None),
    }
}

/// Expand a compressed instruction.
pub fn expand(raw: u16) -> Insn {
    expand_with_form(raw).0
}

fn expand_inner(raw: u16) -> Option<(&'static str, CLayout, Insn)> {
    use CLayout as L;
    let funct3 = bits(raw, 15, 13);
    let rd = bits(raw, 11, 7) as u8;
    let rs2 = bits(raw, 6, 2) as u8;
    // The 6-bit immediate of CI-format instructions: imm[5] = bit 12, imm[4:0] = bits 6:2.
    let ci_imm = sext(bits(raw, 12, 12) << 5 | bits(raw, 6, 2), 6);
    let ci_shamt = (bits(raw, 12, 12) << 5 | bits(raw, 6, 2)) as i64;
    // Offsets of the compact loads/stores, scaled by 4 (word) or 8 (doubleword).
    let cl_w = (bits(raw, 12, 10) << 3 | bits(raw, 6, 6) << 2 | bits(raw, 5, 5) << 6) as i64;
    let cl_d = (bits(raw, 12, 10) << 3 | bits(raw, 6, 5) << 6) as i64;
    let (rd_c, rs1_c, rs2_c) = (reg3(raw, 2), reg3(raw, 7), reg3(raw, 2));
    Some(match (bits(raw, 1, 0), funct3) {
        (0, 0) => {
            let imm = bits(raw, 12, 11) << 4
                | bits(raw, 10, 7) << 6
                | bits(raw, 6, 6) << 2
                | bits(raw, 5, 5) << 3;
            if imm == 0 {
                return None; // includes the all-zero halfword
            }
            ("c.addi4spn", L::RdSpImm, insn(Op::Addi, rd_c, 2, 0, imm as i64, raw))
        }
        (0, 1) => ("c.fld", L::Load { float: true }, insn(Op::Fld, rd_c, rs1_c, 0, cl_d, raw)),
        (0, 2) => ("c.lw", L::Load { float: false }, insn(Op::Lw, rd_c, rs1_c, 0, cl_w, raw)),
        (0, 3) => ("c.ld", L::Load { float: false }, insn(Op::Ld, rd_c, rs1_c, 0, cl_d, raw)),
        (0, 5) => ("c.fsd", L::Store { float: true }, insn(Op::Fsd, 0, rs1_c, rs2_c, cl_d, raw)),
        (0, 6) => ("c.sw", L::Store { float: false }, insn(Op::Sw, 0, rs1_c, rs2_c, cl_w, raw)),
        (0, 7) => ("c.sd", L::Store { float: false }, insn(Op::Sd, 0, rs1_c, rs2_c, cl_d, raw)),
        (1, 0) if rd == 0 && ci_imm == 0 => ("c.nop", L::None, insn(Op::Addi, 0, 0, 0, 0, raw)),
        (1, 0) => ("c.addi", L::RdImm, insn(Op::Addi, rd, rd, 0, ci_imm, raw)),
        (1, 1) if rd != 0 => ("c.addiw", L::RdImm, insn(Op::Addiw, rd, rd, 0, ci_imm, raw)),
        (1, 2) => ("c.li", L::RdImm, insn(Op::Addi, rd, 0, 0, ci_imm, raw)),
        (1, 3) if rd == 2 => {
            let imm = sext(
                bits(raw, 12, 12) << 9
                    | bits(raw, 6, 6) << 4
                    | bits(raw, 5, 5) << 6
                    | bits(raw, 4, 3) << 7
                    | bits(raw, 2, 2) << 5,
                10,
            );
            if imm == 0 {
                return None;
            }
            ("c.addi16sp", L::SpImm, insn(Op::Addi, 2, 2, 0, imm, raw))
        }
        (1, 3) if ci_imm != 0 => ("c.lui", L::RdUpper, insn(Op::Lui, rd, 0, 0, ci_imm << 12, raw)),
        (1, 4) => {
            let rd = rs1_c;
            match (bits(raw, 11, 10), bits(raw, 12, 12), bits(raw, 6, 5)) {
                (0, _, _) => ("c.srli", L::RdShamt, insn(Op::Srli, rd, rd, 0, ci_shamt, raw)),
                (1, _, _) => ("c.srai", L::RdShamt, insn(Op::Srai, rd, rd, 0, ci_shamt, raw)),
                (2, _, _) => ("c.andi", L::RdImm, insn(Op::Andi, rd, rd, 0, ci_imm, raw)),
                (3, 0, 0) => ("c.sub", L::RdRs2, insn(Op::Sub, rd, rd, rs2_c, 0, raw)),
                (3, 0, 1) => ("c.xor", L::RdRs2, insn(Op::Xor, rd, rd, rs2_c, 0, raw)),
                (3, 0, 2) => ("c.or", L::RdRs2, insn(Op::Or, rd, rd, rs2_c, 0, raw)),
                (3, 0, 3) => ("c.and", L::RdRs2, insn(Op::And, rd, rd, rs2_c, 0, raw)),
                (3, 1, 0) => ("c.subw", L::RdRs2, insn(Op::Subw, rd, rd, rs2_c, 0, raw)),
                (3, 1, 1) => ("c.addw", L::RdRs2, insn(Op::Addw, rd, rd, rs2_c, 0, raw)),
                _ => return None,
            }
        }
        (1, 5) => {
            let off = sext(
                bits(raw, 12, 12) << 11
                    | bits(raw, 11, 11) << 4
                    | bits(raw, 10, 9) << 8
                    | bits(raw, 8, 8) << 10
                    | bits(raw, 7, 7) << 6
                    | bits(raw, 6, 6) << 7
                    | bits(raw, 5, 3) << 1
                    | bits(raw, 2, 2) << 5,
                12,
            );
            ("c.j", L::Jump, insn(Op::Jal, 0, 0, 0, off, raw))
        }
        (1, 6 | 7) => {
            let off = sext(
                bits(raw, 12, 12) << 8
                    | bits(raw, 11, 10) << 3
                    | bits(raw, 6, 5) << 6
                    | bits(raw, 4, 3) << 1
                    | bits(raw, 2, 2) << 5,
                9,
            );
            let (name, op) = if funct3 == 6 { ("c.beqz", Op::Beq) } else { ("c.bnez", Op::Bne) };
            (name, L::BranchZ, insn(op, 0, rs1_c, 0, off, raw))
        }
        (2, 0) => ("c.slli", L::RdShamt, insn(Op::Slli, rd, rd, 0, ci_shamt, raw)),
        (2, 1) => {
            let off = (bits(raw, 12, 12) << 5 | bits(raw, 6, 5) << 3 | bits(raw, 4, 2) << 6) as i64;
            ("c.fldsp", L::Load { float: true }, insn(Op::Fld, rd, 2, 0, off, raw))
        }
        (2, 2) if rd != 0 => {
            let off = (bits(raw, 12, 12) << 5 | bits(raw, 6, 4) << 2 | bits(raw, 3, 2) << 6) as i64;
            ("c.lwsp", L::Load { float: false }, insn(Op::Lw, rd, 2, 0, off, raw))
        }
        (2, 3) if rd != 0 => {
            let off = (bits(raw, 12, 12) << 5 | bits(raw, 6, 5) << 3 | bits(raw, 4, 2) << 6) as i64;
            ("c.ldsp", L::Load { float: false }, insn(Op::Ld, rd, 2, 0, off, raw))
        }
        (2, 4) => match (bits(raw, 12, 12), rd, rs2) {
            (0, 0, 0) => return None,
            (0, _, 0) => ("c.jr", L::Rs1, insn(Op::Jalr, 0, rd, 0, 0, raw)),
            (0, _, _) => ("c.mv", L::RdRs2, insn(Op::Add, rd, 0, rs2, 0, raw)),
            (_, 0, 0) => ("c.ebreak", L::None, insn(Op::Ebreak, 0, 0, 0, 0, raw)),
            (_, _, 0) => ("c.jalr", L::Rs1, insn(Op::Jalr, 1, rd, 0, 0, raw)),
            (_, _, _) => ("c.add", L::RdRs2, insn(Op::Add, rd, rd, rs2, 0, raw)),
        },
        (2, 5) => {
            let off = (bits(raw, 12, 10) << 3 | bits(raw, 9, 7) << 6) as i64;
            ("c.fsdsp", L::Store { float: true }, insn(Op::Fsd, 0, 2, rs2, off, raw))
        }
        (2, 6) => {
            let off = (bits(raw, 12, 9) << 2 | bits(raw, 8, 7) << 6) as i64;
            ("c.swsp", L::Store { float: false }, insn(Op::Sw, 0, 2, rs2, off, raw))
        }
        (2, 7) => {
            let off = (bits(raw, 12, 10) << 3 | bits(raw, 9, 7) << 6) as i64;
            ("c.sdsp", L::Store { float: false }, insn(Op::Sd, 0, 2, rs2, off, raw))
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::isa::decode::decode;

    /// Expanding a halfword must give the same operation and operands as the
    /// 32-bit instruction it stands for.
    fn same_as(c: u16, full: u32) {
        let (a, b) = (expand(c), decode(full));
        assert_eq!(
            (a.op, a.rd, a.rs1, a.rs2, a.imm),
            (b.op, b.rd, b.rs1, b.rs2, b.imm),
            "{c:#06x}"
        );
        assert_eq!((a.len, a.raw), (2, c as u32));
    }

    #[test]
    fn expands_to_the_equivalent_32_bit_instruction() {
        same_as(0x4501, 0x0000_0513); // c.li a0,0 = addi a0,zero,0
        same_as(0x0141, 0x0101_0113); // c.addi sp,16
        same_as(0x1141, 0xff01_0113); // c.addi sp,-16
        same_as(0xe406, 0x0011_3423); // c.sdsp ra,8(sp)
        same_as(0x60a2, 0x0081_3083); // c.ldsp ra,8(sp)
        same_as(0x8082, 0x0000_8067); // c.jr ra (ret)
        same_as(0x852e, 0x00b0_0533); // c.mv a0,a1 = add a0,zero,a1
        same_as(0x9532, 0x00c5_0533); // c.add a0,a2
        same_as(0x0808, 0x0101_0513); // c.addi4spn a0,sp,16
        same_as(0x6505, 0x0000_1537); // c.lui a0,0x1
        same_as(0x7119, 0xf801_0113); // c.addi16sp sp,-128
        same_as(0x7139, 0xfc01_0113); // c.addi16sp sp,-64
        same_as(0x7101, 0xe001_0113); // c.addi16sp sp,-512
        same_as(0x8905, 0x0015_7513); // c.andi a0,1
        same_as(0x8d0d, 0x40b5_0533); // c.sub a0,a1
        same_as(0x9d2d, 0x00b5_053b); // c.addw a0,a1
        same_as(0x2505, 0x0015_051b); // c.addiw a0,1
        same_as(0x4188, 0x0005_a503); // c.lw a0,0(a1)
        same_as(0xe188, 0x00a5_b023); // c.sd a0,0(a1)
        same_as(0x2188, 0x0005_b507); // c.fld fa0,0(a1)
        same_as(0x9002, 0x0010_0073); // c.ebreak
        same_as(0x050e, 0x0035_1513); // c.slli a0,3
        same_as(0x8505, 0x4015_5513); // c.srai a0,1
        same_as(0x8105, 0x0015_5513); // c.srli a0,1
    }

    #[test]
    fn reserved_encodings_are_illegal() {
        let reserved = [
            0x0000u16, // the all-zero halfword (c.addi4spn with immediate 0)
            0x0004,    // c.addi4spn a1,sp,0
            0x6101,    // c.addi16sp sp,0
            0x6081,    // c.lui ra,0
            0x2001,    // c.addiw x0
            0x4002,    // c.lwsp x0
            0x6002,    // c.ldsp x0
            0x8002,    // c.jr x0
            0x9c41,    // reserved slot after c.addw
            0x9c61,    // reserved slot after c.addw
            0x8000,    // quadrant 0, funct3 100
        ];
        for raw in reserved {
            assert_eq!(expand(raw).op, Op::Illegal, "{raw:#06x}");
        }
    }
}

/// Place `value`'s bits `[hi:lo]` at `at` and upward.
fn put(value: i64, hi: u32, lo: u32, at: u32) -> u16 {
    let v = (value as u64 >> lo) & ((1 << (hi - lo + 1)) - 1);
    (v << at) as u16
}

/// x8..x15 (or f8..f15) as a 3-bit field, if the register is one of them.
fn compact(reg: u8) -> Option<u16> {
    (8..16).contains(&reg).then(|| (reg - 8) as u16)
}

/// Encode the compressed instruction `name` with the operands of its
/// expansion (as `expand` produces them). `None` when the operands do not fit.
pub fn encode(name: &str, insn: &Insn) -> Option<u16> {
    let (rd, rs1, rs2, imm) = (insn.rd, insn.rs1, insn.rs2, insn.imm);
    let reg = |r: u8| r as u16 & 31;
    let ci = |f3: u16, q: u16, r: u8, v: i64| {
        f3 << 13 | put(v, 5, 5, 12) | reg(r) << 7 | put(v, 4, 0, 2) | q
    };
    let cl_d = |f3: u16, data: u8| -> Option<u16> {
        Some(
            f3 << 13
                | put(imm, 5, 3, 10)
                | compact(rs1)? << 7
                | put(imm, 7, 6, 5)
                | compact(data)? << 2,
        )
    };
    let cl_w = |f3: u16, data: u8| -> Option<u16> {
        Some(
            f3 << 13
                | put(imm, 5, 3, 10)
                | compact(rs1)? << 7
                | put(imm, 2, 2, 6)
                | put(imm, 6, 6, 5)
                | compact(data)? << 2,
        )
    };
    let arith = |f: u16, wide: u16| -> Option<u16> {
        Some(0b10_0011 << 10 | wide << 12 | compact(rd)? << 7 | f << 5 | compact(rs2)? << 2 | 1)
    };
    let shift_or_andi = |f: u16| -> Option<u16> {
        Some(0b100 << 13 | put(imm, 5, 5, 12) | f << 10 | compact(rd)? << 7 | put(imm, 4, 0, 2) | 1)
    };
    Some(match name {
        "c.addi4spn" => {
            put(imm, 5, 4, 11)
                | put(imm, 9, 6, 7)
                | put(imm, 2, 2, 6)
                | put(imm, 3, 3, 5)
                | compact(rd)? << 2
        }
        "c.fld" => cl_d(1, rd)?,
        "c.lw" => cl_w(2, rd)?,
        "c.ld" => cl_d(3, rd)?,
        "c.fsd" => cl_d(5, rs2)?,
        "c.sw" => cl_w(6, rs2)?,
        "c.sd" => cl_d(7, rs2)?,
        "c.nop" => 0x0001,
        "c.addi" => ci(0, 1, rd, imm),
        "c.addiw" => ci(1, 1, rd, imm),
        "c.li" => ci(2, 1, rd, imm),
        "c.addi16sp" => {
            0b011 << 13
                | put(imm, 9, 9, 12)
                | 2 << 7
                | put(imm, 4, 4, 6)
                | put(imm, 6, 6, 5)
                | put(imm, 8, 7, 3)
                | put(imm, 5, 5, 2)
                | 1
        }
        "c.lui" => ci(3, 1, rd, imm >> 12),
        "c.srli" => shift_or_andi(0)?,
        "c.srai" => shift_or_andi(1)?,
        "c.andi" => shift_or_andi(2)?,
        "c.sub" => arith(0, 0)?,
        "c.xor" => arith(1, 0)?,
        "c.or" => arith(2, 0)?,
        "c.and" => arith(3, 0)?,
        "c.subw" => arith(0, 1)?,
        "c.addw" => arith(1, 1)?,
        "c.j" => {
            0b101 << 13
                | put(imm, 11, 11, 12)
                | put(imm, 4, 4, 11)
                | put(imm, 9, 8, 9)
                | put(imm, 10, 10, 8)
                | put(imm, 6, 6, 7)
                | put(imm, 7, 7, 6)
                | put(imm, 3, 1, 3)
                | put(imm, 5, 5, 2)
                | 1
        }
        "c.beqz" | "c.bnez" => {
            let f3 = if name == "c.beqz" { 6 } else { 7 };
            f3 << 13
                | put(imm, 8, 8, 12)
                | put(imm, 4, 3, 10)
                | compact(rs1)? << 7
                | put(imm, 7, 6, 5)
                | put(imm, 2, 1, 3)
                | put(imm, 5, 5, 2)
                | 1
        }
        "c.slli" => ci(0, 2, rd, imm),
        "c.fldsp" | "c.ldsp" => {
            let f3 = if name == "c.fldsp" { 1 } else { 3 };
            f3 << 13 | put(imm, 5, 5, 12) | reg(rd) << 7 | put(imm, 4, 3, 5) | put(imm, 8, 6, 2) | 2
        }
        "c.lwsp" => {
            2 << 13 | put(imm, 5, 5, 12) | reg(rd) << 7 | put(imm, 4, 2, 4) | put(imm, 7, 6, 2) | 2
        }
        "c.jr" => 0b1000 << 12 | reg(rs1) << 7 | 2,
        "c.mv" => 0b1000 << 12 | reg(rd) << 7 | reg(rs2) << 2 | 2,
        "c.ebreak" => 0x9002,
        "c.jalr" => 0b1001 << 12 | reg(rs1) << 7 | 2,
        "c.add" => 0b1001 << 12 | reg(rd) << 7 | reg(rs2) << 2 | 2,
        "c.fsdsp" | "c.sdsp" => {
            let f3 = if name == "c.fsdsp" { 5 } else { 7 };
            f3 << 13 | put(imm, 5, 3, 10) | put(imm, 8, 6, 7) | reg(rs2) << 2 | 2
        }
        "c.swsp" => 6 << 13 | put(imm, 5, 2, 9) | put(imm, 7, 6, 7) | reg(rs2) << 2 | 2,
        _ => return None,
    })
}

#[cfg(test)]
mod exhaustive {
    use super::*;
    use crate::isa::decode::decode;
    use crate::isa::encode::encode as encode32;

    /// Every one of the 65,536 halfwords: a legal one expands to an
    /// instruction whose 32-bit encoding decodes identically, and its
    /// mnemonic and operands encode back to the same halfword.
    #[test]
    fn every_halfword_expands_and_re_encodes() {
        let mut legal = 0;
        for h in 0..=u16::MAX {
            if h & 3 == 3 {
                continue;
            }
            let (insn, form) = expand_with_form(h);
            let Some((name, _)) = form else {
                assert_eq!(insn.op, Op::Illegal);
                continue;
            };
            legal += 1;
            let full = decode(encode32(&insn).unwrap());
            assert_eq!(
                (full.op, full.rd, full.rs1, full.rs2, full.imm),
                (insn.op, insn.rd, insn.rs1, insn.rs2, insn.imm),
                "{h:#06x} {name}"
            );
            assert_eq!(encode(name, &insn), Some(h), "{name} re-encodes {h:#06x}");
        }
        // Three quadrants of 16384 halfwords, less the reserved encodings.
        assert!(legal > 45_000, "{legal} legal halfwords");
    }
}
