//! Reads back the canonical disassembly (`disasm::disassemble_canonical`):
//! one instruction per call, operands in the same order and spelling. It
//! closes the loop decode -> disassemble -> assemble -> encode that the tests
//! check for every encoding, so the disassembler can never print something
//! ambiguous or wrong without a test noticing.

use super::format::{freg, number, xreg};
use super::insn::Insn;
use super::rvc::{self, CLayout, expand_with_form};
use super::table::TABLE;
use std::collections::HashMap;
use std::sync::OnceLock;

/// `imm(reg)` with the register parsed by `reg`.
fn memory(s: &str, reg: fn(&str) -> Option<u8>) -> Option<(i64, u8)> {
    let (imm, rest) = s.split_once('(')?;
    Some((number(imm)?, reg(rest.strip_suffix(')')?)?))
}

/// Each compressed mnemonic's operand layout.
fn compressed_layout(mnemonic: &str) -> Option<CLayout> {
    static LAYOUTS: OnceLock<HashMap<&'static str, CLayout>> = OnceLock::new();
    let layouts = LAYOUTS.get_or_init(|| {
        (0..=u16::MAX).filter(|h| h & 3 != 3).filter_map(|h| expand_with_form(h).1).collect()
    });
    layouts.get(mnemonic).copied()
}

/// Assemble one line of canonical disassembly located at `pc` into its bits
/// (16-bit instructions zero-extended).
pub fn assemble(text: &str, pc: u64) -> Option<u32> {
    let text = text.trim();
    let (mnemonic, operands) = text.split_once(' ').unwrap_or((text, ""));
    let ops: Vec<&str> = operands.split(',').map(str::trim).filter(|o| !o.is_empty()).collect();
    if mnemonic.starts_with("c.") {
        return assemble_compressed(mnemonic, &ops, pc).map(|h| h as u32);
    }
    let (base, aq, rl) = match mnemonic {
        m if m.ends_with(".aqrl") => (&m[..m.len() - 5], true, true),
        m if m.ends_with(".aq") => (&m[..m.len() - 3], true, false),
        m if m.ends_with(".rl") => (&m[..m.len() - 3], false, true),
        m => (m, false, false),
    };
    let spec = TABLE.iter().find(|s| s.name == base)?;
    let mut insn =
        Insn { raw: (aq as u32) << 26 | (rl as u32) << 25, ..Insn::new(spec.op, 0, 0, 0, 0) };
    let mut tokens: &[&str] = &ops;
    for operand in spec.format.operands() {
        operand.parse(&mut tokens, &mut insn, pc)?;
    }
    if !tokens.is_empty() {
        return None;
    }
    super::encode::encode(&insn)
}

fn assemble_compressed(mnemonic: &str, ops: &[&str], pc: u64) -> Option<u16> {
    let layout = compressed_layout(mnemonic)?;
    let mut insn = Insn { len: 2, ..Insn::illegal(0, 2) };
    let target = |s: &str| u64::from_str_radix(s, 16).ok().map(|t| t.wrapping_sub(pc) as i64);
    match (layout, ops.len()) {
        (CLayout::None, 0) => {}
        (CLayout::RdImm | CLayout::RdShamt, 2) => {
            (insn.rd, insn.imm) = (xreg(ops[0])?, number(ops[1])?)
        }
        (CLayout::RdUpper, 2) => {
            // The printed value is the 20-bit field; sign-extend it from 6 bits.
            let v = number(ops[1])?;
            insn.rd = xreg(ops[0])?;
            insn.imm = ((v << 58) >> 58) << 12;
        }
        (CLayout::SpImm, 2) => insn.imm = number(ops[1])?,
        (CLayout::RdSpImm, 3) => (insn.rd, insn.imm) = (xreg(ops[0])?, number(ops[2])?),
        (CLayout::RdRs2, 2) => (insn.rd, insn.rs2) = (xreg(ops[0])?, xreg(ops[1])?),
        (CLayout::Load { float }, 2) => {
            insn.rd = if float { freg(ops[0])? } else { xreg(ops[0])? };
            (insn.imm, insn.rs1) = memory(ops[1], xreg)?;
        }
        (CLayout::Store { float }, 2) => {
            insn.rs2 = if float { freg(ops[0])? } else { xreg(ops[0])? };
            (insn.imm, insn.rs1) = memory(ops[1], xreg)?;
        }
        (CLayout::Jump, 1) => insn.imm = target(ops[0])?,
        (CLayout::Rs1, 1) => insn.rs1 = xreg(ops[0])?,
        (CLayout::BranchZ, 2) => (insn.rs1, insn.imm) = (xreg(ops[0])?, target(ops[1])?),
        _ => return None,
    }
    rvc::encode(mnemonic, &insn)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::isa::decode::decode;
    use crate::isa::disasm::disassemble_canonical;
    use crate::isa::encode::encode;
    use crate::isa::table::Op;
    use proptest::prelude::*;

    const PC: u64 = 0x8000_1000;

    /// decode -> disassemble -> assemble -> decode must give the same instruction.
    fn round_trips(raw: u32) -> Result<(), String> {
        let d = decode(raw);
        if d.op == Op::Illegal {
            return Ok(());
        }
        let text = disassemble_canonical(&d, PC);
        let bits = assemble(&text, PC).ok_or_else(|| format!("cannot assemble {text:?}"))?;
        if Some(bits) != encode(&d) {
            return Err(format!("{raw:#010x} -> {text:?} -> {bits:#010x}"));
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn words_round_trip_through_text(raw in any::<u32>()) {
            prop_assert_eq!(round_trips(raw | 3), Ok(()));
        }
    }

    /// Every major opcode with every funct3, funct7 and rs2 field (the
    /// fields that select instructions), with two operand patterns: over a
    /// million words, each decoded, disassembled, assembled and compared.
    #[test]
    fn every_selector_field_round_trips() {
        for opcode in (3..128u32).step_by(4) {
            for funct3 in 0..8 {
                for funct7 in 0..128 {
                    for rs2 in 0..32 {
                        for (rd, rs1) in [(5, 10), (0, 31)] {
                            let raw = opcode
                                | rd << 7
                                | funct3 << 12
                                | rs1 << 15
                                | rs2 << 20
                                | funct7 << 25;
                            assert_eq!(round_trips(raw), Ok(()));
                        }
                    }
                }
            }
        }
    }

    /// The whole 32-bit space through the decoder alone (about a minute in
    /// release mode): `cargo test --release -- --ignored every_word_decodes`.
    #[test]
    #[ignore]
    fn every_word_decodes() {
        let legal = (0..=u32::MAX).filter(|&w| decode(w).op != Op::Illegal).count();
        println!("{legal} legal 32-bit words");
        assert!(legal > 0);
    }

    #[test]
    fn every_halfword_round_trips_through_text() {
        for h in 0..=u16::MAX {
            if h & 3 == 3 {
                continue;
            }
            let insn = rvc::expand(h);
            if insn.op == Op::Illegal {
                continue;
            }
            let text = disassemble_canonical(&insn, PC);
            assert_eq!(assemble(&text, PC), Some(h as u32), "{h:#06x} {text:?}");
        }
    }
}
