//! `Insn` -> instruction bits: the inverse of the decoder, driven by the same
//! table (the row's fixed bits, then each operand of its format placed where
//! it lives). Bits no `Insn` field holds (rounding mode, aq/rl, fence sets)
//! come from `insn.raw`. Compressed instructions are encoded from their `c.`
//! mnemonic by `rvc::encode`.

use super::format::Format;
use super::insn::Insn;
use super::op::Op;

/// Encode a 32-bit instruction. `None` for `Illegal`.
pub fn encode(insn: &Insn) -> Option<u32> {
    let spec = insn.op.spec()?;
    let fields = spec.format.operands().iter().fold(0, |bits, operand| bits | operand.encode(insn));
    Some(spec.bits | (fields & !spec.mask))
}

impl Insn {
    /// A Zicsr instruction on CSR `csr`: `src` is rs1 for `csrrw`/`csrrs`/
    /// `csrrc` and the 5-bit immediate for their `i` forms.
    pub fn zicsr(op: Op, rd: u8, src: u8, csr: u16) -> Self {
        let mut insn = Insn { csr, ..Insn::new(op, rd, 0, 0, 0) };
        if op.format() == Format::CsrImm {
            insn.imm = src as i64;
        } else {
            insn.rs1 = src;
        }
        insn
    }
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
                prop_assert_eq!((again.op, again.rd, again.rs1, again.rs2, again.rs3, again.imm, again.csr),
                                (d.op, d.rd, d.rs1, d.rs2, d.rs3, d.imm, d.csr));
                let kept = d.op.format().raw_bits();
                prop_assert_eq!(again.raw & kept, d.raw & kept, "rm / aq,rl / fence sets");
            }
        }
    }

    #[test]
    fn encodes_known_instructions() {
        let insn = Insn::new;
        assert_eq!(encode(&insn(Op::Addi, 10, 10, 0, -1)), Some(0xfff5_0513));
        assert_eq!(encode(&insn(Op::Sd, 0, 2, 1, 8)), Some(0x0011_3423));
        assert_eq!(encode(&insn(Op::Beq, 0, 10, 11, -4)), Some(0xfeb5_0ee3));
        assert_eq!(encode(&insn(Op::Jal, 1, 0, 0, 2048)), Some(0x0010_00ef));
        assert_eq!(encode(&insn(Op::Lui, 10, 0, 0, -0x8000_0000)), Some(0x8000_0537));
        assert_eq!(encode(&insn(Op::Sh1add, 10, 10, 11, 0)), Some(0x20b5_2533));
        assert_eq!(encode(&Insn { csr: 0xf14, ..insn(Op::Csrrs, 10, 0, 0, 0) }), Some(0xf140_2573));
        assert_eq!(encode(&insn(Op::Illegal, 0, 0, 0, 0)), None);
    }
}
