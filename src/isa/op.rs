//! `Op`, the name of every instruction, generated from the instruction list
//! (`isa::list`); `isa::table` has each one's row.

use super::list::for_each_insn;

macro_rules! build_op {
    ($( $op:ident $name:literal $bits:literal $mask:literal $format:ident
        [$($any:ident)|+ $(& $all:ident)?] $class:ident $width:tt => $sem:path; )*) => {
        /// Every instruction hartsim knows, plus `Illegal` for anything else.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u16)]
        pub enum Op {
            $(
                #[doc = concat!("The `", $name, "` instruction.")]
                $op,
            )*
            /// Not an instruction, or one of an extension the hart lacks:
            /// executing it raises an illegal-instruction exception.
            Illegal,
        }
    };
}

for_each_insn!(build_op);

impl Op {
    /// Number of distinct ops including `Illegal` (sizes handler tables).
    pub const COUNT: usize = Op::Illegal as usize + 1;
}
