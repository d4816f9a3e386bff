//! Reads back the canonical disassembly (`disasm::disassemble_canonical`):
//! one instruction per call, operands in the same order and spelling. It
//! closes the loop decode -> disassemble -> assemble -> encode that the tests
//! check for every encoding, so the disassembler can never print something
//! ambiguous or wrong without a test noticing.

use super::csr_names::csr_name;
use super::decode::Insn;
use super::disasm::{FREG_NAMES, XREG_NAMES};
use super::rvc::{self, CLayout, expand_with_form};
use super::table::{Format, Op, TABLE};
use std::collections::HashMap;
use std::sync::OnceLock;

const ROUNDING: [&str; 7] = ["rne", "rtz", "rdn", "rup", "rmm", "rm5", "rm6"];

fn xreg(s: &str) -> Option<u8> {
    XREG_NAMES.iter().position(|n| *n == s).map(|i| i as u8)
}

fn freg(s: &str) -> Option<u8> {
    FREG_NAMES.iter().position(|n| *n == s).map(|i| i as u8)
}

fn number(s: &str) -> Option<i64> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s),
    };
    let v = match digits.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok()? as i64,
        None => digits.parse::<i64>().ok()?,
    };
    Some(if neg { v.wrapping_neg() } else { v })
}

/// `imm(reg)` with the register parsed by `reg`.
fn memory(s: &str, reg: fn(&str) -> Option<u8>) -> Option<(i64, u8)> {
    let (imm, rest) = s.split_once('(')?;
    Some((number(imm)?, reg(rest.strip_suffix(')')?)?))
}

fn csr(s: &str) -> Option<i64> {
    static BY_NAME: OnceLock<HashMap<String, u16>> = OnceLock::new();
    let names = BY_NAME.get_or_init(|| (0..4096).filter_map(|n| Some((csr_name(n)?, n))).collect());
    number(s).or_else(|| names.get(s).map(|&n| n as i64))
}

/// Each compressed mnemonic's operand layout.
fn compressed_layout(mnemonic: &str) -> Option<CLayout> {
    static LAYOUTS: OnceLock<HashMap<&'static str, CLayout>> = OnceLock::new();
    let layouts = LAYOUTS.get_or_init(|| {
        (0..=u16::MAX).filter(|h| h & 3 != 3).filter_map(|h| expand_with_form(h).1).collect()
    });
    layouts.get(mnemonic).copied()
}

fn fence_set(s: &str) -> Option<i64> {
    if s == "0" {
        return Some(0);
    }
    s.chars().try_fold(0, |acc, c| {
        let bit = match c {
            'i' => 8,
            'o' => 4,
            'r' => 2,
            'w' => 1,
            _ => return None,
        };
        Some(acc | bit)
    })
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
    let mut insn = Insn { op: spec.op, rd: 0, rs1: 0, rs2: 0, imm: 0, raw: 0, len: 4 };
    let target = |s: &str| u64::from_str_radix(s, 16).ok().map(|t| t.wrapping_sub(pc) as i64);
    // A trailing rounding mode, where the format has one.
    let mut ops = ops;
    let mut rm = 7;
    if let Some(last) = ops.last()
        && let Some(i) = ROUNDING.iter().position(|r| r == last)
    {
        rm = i as u32;
        ops.pop();
    }
    insn.raw = rm << 12 | (aq as u32) << 26 | (rl as u32) << 25;
    let n = ops.len();
    match (spec.format, n) {
        (Format::R, 3) => {
            (insn.rd, insn.rs1, insn.rs2) = (xreg(ops[0])?, xreg(ops[1])?, xreg(ops[2])?)
        }
        (Format::I | Format::Shift | Format::ShiftW, 3) => {
            (insn.rd, insn.rs1, insn.imm) = (xreg(ops[0])?, xreg(ops[1])?, number(ops[2])?)
        }
        (Format::Load | Format::Jalr, 2) => {
            insn.rd = xreg(ops[0])?;
            (insn.imm, insn.rs1) = memory(ops[1], xreg)?;
        }
        (Format::Store, 2) => {
            insn.rs2 = xreg(ops[0])?;
            (insn.imm, insn.rs1) = memory(ops[1], xreg)?;
        }
        (Format::FpLoad, 2) => {
            insn.rd = freg(ops[0])?;
            (insn.imm, insn.rs1) = memory(ops[1], xreg)?;
        }
        (Format::FpStore, 2) => {
            insn.rs2 = freg(ops[0])?;
            (insn.imm, insn.rs1) = memory(ops[1], xreg)?;
        }
        (Format::Branch, 3) => {
            (insn.rs1, insn.rs2, insn.imm) = (xreg(ops[0])?, xreg(ops[1])?, target(ops[2])?)
        }
        (Format::U, 2) => (insn.rd, insn.imm) = (xreg(ops[0])?, number(ops[1])? << 12),
        (Format::J, 2) => (insn.rd, insn.imm) = (xreg(ops[0])?, target(ops[1])?),
        (Format::Csr, 3) => {
            (insn.rd, insn.imm, insn.rs1) = (xreg(ops[0])?, csr(ops[1])?, xreg(ops[2])?)
        }
        (Format::CsrImm, 3) => {
            (insn.rd, insn.imm, insn.rs1) = (xreg(ops[0])?, csr(ops[1])?, number(ops[2])? as u8)
        }
        (Format::Amo, 3) => {
            (insn.rd, insn.rs2) = (xreg(ops[0])?, xreg(ops[1])?);
            insn.rs1 = xreg(ops[2].strip_prefix('(')?.strip_suffix(')')?)?;
        }
        (Format::Lr, 2) => {
            insn.rd = xreg(ops[0])?;
            insn.rs1 = xreg(ops[1].strip_prefix('(')?.strip_suffix(')')?)?;
        }
        (Format::Fence, 2) => insn.imm = fence_set(ops[0])? << 4 | fence_set(ops[1])?,
        (Format::None, 0) => {}
        (Format::SfenceVma, 2) => (insn.rs1, insn.rs2) = (xreg(ops[0])?, xreg(ops[1])?),
        (Format::FpR | Format::FpRNoRm, 3) => {
            (insn.rd, insn.rs1, insn.rs2) = (freg(ops[0])?, freg(ops[1])?, freg(ops[2])?)
        }
        (Format::FpR4, 4) => {
            (insn.rd, insn.rs1, insn.rs2) = (freg(ops[0])?, freg(ops[1])?, freg(ops[2])?);
            insn.imm = freg(ops[3])? as i64;
        }
        (Format::FpUnary, 2) => (insn.rd, insn.rs1) = (freg(ops[0])?, freg(ops[1])?),
        (Format::FpToInt | Format::FpToIntRaw, 2) => {
            (insn.rd, insn.rs1) = (xreg(ops[0])?, freg(ops[1])?)
        }
        (Format::IntToFp | Format::IntToFpRaw, 2) => {
            (insn.rd, insn.rs1) = (freg(ops[0])?, xreg(ops[1])?)
        }
        (Format::FpCmp, 3) => {
            (insn.rd, insn.rs1, insn.rs2) = (xreg(ops[0])?, freg(ops[1])?, freg(ops[2])?)
        }
        _ => return None,
    }
    super::encode::encode(&insn)
}

fn assemble_compressed(mnemonic: &str, ops: &[&str], pc: u64) -> Option<u16> {
    let layout = compressed_layout(mnemonic)?;
    let mut insn = Insn { op: Op::Illegal, rd: 0, rs1: 0, rs2: 0, imm: 0, raw: 0, len: 2 };
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
