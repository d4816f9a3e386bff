//! `Insn`, a decoded instruction: what decoding produces and encoding,
//! disassembly and execution read.

use super::op::Op;

/// A decoded instruction: the operation plus every operand, pre-extracted and
/// sign-extended, so execution never looks at the raw bits again. Each field
/// has one meaning; fields the format does not use are zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Insn {
    /// The operation (`Op::Illegal` if the word is none).
    pub op: Op,
    /// Destination register (integer or FP, as the format says).
    pub rd: u8,
    /// First source register.
    pub rs1: u8,
    /// Second source register.
    pub rs2: u8,
    /// Third source (fused multiply-add only).
    pub rs3: u8,
    /// The immediate operand, sign-extended: an offset, a constant, a shift
    /// amount or a CSR instruction's 5-bit immediate.
    pub imm: i64,
    /// The CSR number of a Zicsr instruction.
    pub csr: u16,
    /// The instruction bits as fetched (16-bit ones zero-extended).
    pub raw: u32,
    /// Length in bytes: 4, or 2 for compressed instructions.
    pub len: u8,
}

impl Insn {
    /// The word is not a known instruction.
    pub const fn illegal(raw: u32, len: u8) -> Self {
        Insn { op: Op::Illegal, rd: 0, rs1: 0, rs2: 0, rs3: 0, imm: 0, csr: 0, raw, len }
    }

    /// An instruction with the given operands and no other bits.
    pub const fn new(op: Op, rd: u8, rs1: u8, rs2: u8, imm: i64) -> Self {
        Insn { op, rd, rs1, rs2, rs3: 0, imm, csr: 0, raw: 0, len: 4 }
    }

    /// The rounding-mode field (bits 14:12) of a floating-point instruction.
    pub fn rm(&self) -> u8 {
        (self.raw >> 12 & 7) as u8
    }

    /// Acquire/release bits of an atomic (bit 26 = aq, bit 25 = rl).
    pub fn aq_rl(&self) -> (bool, bool) {
        (self.raw >> 26 & 1 != 0, self.raw >> 25 & 1 != 0)
    }

    /// A fence's predecessor and successor sets (`iorw` bits).
    pub fn fence_sets(&self) -> (u8, u8) {
        ((self.raw >> 24 & 0xf) as u8, (self.raw >> 20 & 0xf) as u8)
    }
}

/// Length in bytes of the instruction whose first halfword is `low`.
pub fn insn_len(low: u16) -> u8 {
    if low & 3 == 3 { 4 } else { 2 }
}
