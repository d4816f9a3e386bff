//! The instruction table, generated from the instruction list
//! (`isa::list`): one row per `Op` with what
//! decoding, encoding, disassembly, assembly and the tracer need to know.

use super::format::Format;
use super::isa_string::{Ext, ExtSet, Requires};
use super::list::for_each_insn;
pub use super::op::Op;

/// One row of the instruction table.
#[derive(Clone, Copy, Debug)]
pub struct InsnSpec {
    /// The instruction this row describes.
    pub op: Op,
    /// Its mnemonic (`"addi"`).
    pub name: &'static str,
    /// Bits that must equal `bits` for a word to be this instruction.
    pub mask: u32,
    /// The fixed bits of its encoding: a word is this instruction when
    /// `word & mask == bits`.
    pub bits: u32,
    /// Its operands and where their bits live.
    pub format: Format,
    /// The extensions that enable it.
    pub requires: Requires,
    /// Bytes a load, store or AMO accesses (0: not a memory access).
    pub width: u8,
}

/// The list's width column: `-` or a byte count.
macro_rules! width {
    (-) => {
        0
    };
    ($n:literal) => {
        $n
    };
}

macro_rules! build_table {
    ($( $op:ident $name:literal $bits:literal $mask:literal $format:ident
        [$($any:ident)|+ $(& $all:ident)?] $class:ident $width:tt => $sem:path; )*) => {
        /// The table, in the same order as `Op`, so `TABLE[op as usize]` is `op`'s row.
        pub static TABLE: &[InsnSpec] = &[
            $(InsnSpec {
                op: Op::$op,
                name: $name,
                mask: $mask,
                bits: $bits,
                format: Format::$format,
                requires: Requires {
                    any: ExtSet::of(&[$(Ext::$any),+]),
                    all: ExtSet::of(&[$(Ext::$all)?]),
                },
                width: width!($width),
            },)*
        ];
    };
}

for_each_insn!(build_table);

impl Op {
    /// The table row for a real instruction; `None` for `Illegal`.
    pub fn spec(self) -> Option<&'static InsnSpec> {
        TABLE.get(self as usize)
    }

    /// The mnemonic (`"addi"`); `"illegal"` for `Illegal`.
    pub fn name(self) -> &'static str {
        self.spec().map_or("illegal", |s| s.name)
    }

    /// The operand format; `Format::None` for `Illegal`.
    pub fn format(self) -> Format {
        self.spec().map_or(Format::None, |s| s.format)
    }

    /// Bytes a load, store or AMO accesses; 0 for other instructions.
    pub fn access_width(self) -> u64 {
        self.spec().map_or(0, |s| s.width as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_order_matches_op_enum() {
        for (i, spec) in TABLE.iter().enumerate() {
            assert_eq!(spec.op as usize, i, "{} is out of place", spec.name);
        }
    }

    #[test]
    fn every_match_pattern_fits_its_mask() {
        for spec in TABLE {
            assert_eq!(spec.bits & !spec.mask, 0, "{}", spec.name);
            assert_eq!(spec.bits & 3, 3, "{} must be a 32-bit encoding", spec.name);
            // Operand fields lie outside the fixed bits.
            let mut probe = crate::isa::Insn::illegal(0, 4);
            (probe.rd, probe.rs1, probe.rs2, probe.rs3, probe.imm, probe.csr) =
                (31, 31, 31, 31, -1, 0xfff);
            probe.raw = u32::MAX;
            for operand in spec.format.operands() {
                let bits = operand.encode(&probe);
                assert_eq!(bits & spec.mask, 0, "{}: {operand:?} overlaps fixed bits", spec.name);
            }
        }
    }

    #[test]
    fn encodings_overlap_only_where_one_refines_the_other() {
        // Two patterns overlap when some word satisfies both: they agree on
        // every bit both masks fix. That is allowed only when one mask fixes
        // strictly more bits (`zext.h` within `packw`): the decoder then
        // tries the more specific first.
        for (i, a) in TABLE.iter().enumerate() {
            for b in &TABLE[i + 1..] {
                let both = a.mask & b.mask;
                if a.bits & both != b.bits & both {
                    continue;
                }
                let refines =
                    a.mask != b.mask && (a.mask & b.mask == b.mask || a.mask & b.mask == a.mask);
                assert!(refines, "{} overlaps {}", a.name, b.name);
            }
        }
    }
}
