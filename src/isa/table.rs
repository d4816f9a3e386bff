//! The instruction list: one line per instruction with its mnemonic, match/mask
//! encoding, operand format and extension. Decoding, disassembly and the
//! executor's handler table are all derived from this list, so adding an
//! instruction means adding one line here and one handler.

/// How an instruction's operands are laid out; drives field extraction and disassembly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// rd, rs1, rs2
    R,
    /// rd, rs1, imm12
    I,
    /// rd, rs1, 6-bit shift amount
    Shift,
    /// rd, rs1, 5-bit shift amount (the `*w` shifts)
    ShiftW,
    /// rd, imm(rs1)
    Load,
    /// rs2, imm(rs1)
    Store,
    /// rs1, rs2, pc-relative target
    Branch,
    /// rd, imm20 (already shifted left by 12)
    U,
    /// rd, pc-relative target
    J,
    /// rd, imm(rs1)
    Jalr,
    /// rd, csr, rs1
    Csr,
    /// rd, csr, 5-bit immediate (kept in rs1)
    CsrImm,
    /// rd, rs2, (rs1) with .aq/.rl
    Amo,
    /// rd, (rs1) with .aq/.rl
    Lr,
    /// predecessor / successor sets
    Fence,
    /// no operands
    None,
    /// rs1 (address), rs2 (ASID)
    SfenceVma,
    /// fd, fs1, fs2, rounding mode
    FpR,
    /// fd, fs1, fs2 (no rounding mode: sign injection, min/max)
    FpRNoRm,
    /// fd, fs1, fs2, fs3, rounding mode (fused multiply-add; fs3 kept in `imm`)
    FpR4,
    /// fd, fs1, rounding mode (sqrt, precision conversion)
    FpUnary,
    /// rd, fs1, rounding mode (float -> integer conversion)
    FpToInt,
    /// fd, rs1, rounding mode (integer -> float conversion)
    IntToFp,
    /// rd, fs1, fs2 (comparisons)
    FpCmp,
    /// rd, fs1 (fmv.x.*, fclass)
    FpToIntRaw,
    /// fd, rs1 (fmv.*.x)
    IntToFpRaw,
    /// fd, imm(rs1)
    FpLoad,
    /// fs2, imm(rs1)
    FpStore,
}

/// The ISA extension an instruction belongs to (what `misa` must advertise).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ext {
    I,
    M,
    A,
    Zicsr,
    Zifencei,
    /// Privileged-architecture instructions (mret, wfi, ...).
    System,
    F,
    D,
}

/// One row of the instruction table.
#[derive(Clone, Copy, Debug)]
pub struct InsnSpec {
    pub op: Op,
    pub name: &'static str,
    /// Bits that must equal `bits` for a word to be this instruction.
    pub mask: u32,
    pub bits: u32,
    pub format: Format,
    pub ext: Ext,
}

macro_rules! instruction_table {
    ($( $op:ident $name:literal $bits:literal $mask:literal $format:ident $ext:ident; )*) => {
        /// Every instruction hartsim knows, plus `Illegal` for anything else.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u16)]
        pub enum Op { $($op,)* Illegal }

        /// The table, in the same order as `Op`, so `TABLE[op as usize]` is `op`'s row.
        pub static TABLE: &[InsnSpec] = &[
            $(InsnSpec { op: Op::$op, name: $name, mask: $mask, bits: $bits,
                         format: Format::$format, ext: Ext::$ext },)*
        ];
    };
}

impl Op {
    /// The table row for a real instruction; `None` for `Illegal`.
    pub fn spec(self) -> Option<&'static InsnSpec> {
        TABLE.get(self as usize)
    }

    pub fn name(self) -> &'static str {
        self.spec().map_or("illegal", |s| s.name)
    }

    pub fn format(self) -> Format {
        self.spec().map_or(Format::None, |s| s.format)
    }

    /// Number of distinct ops including `Illegal` (sizes handler tables).
    pub const COUNT: usize = Op::Illegal as usize + 1;
}

instruction_table! {
    // RV64I
    Lui    "lui"    0x0000_0037 0x0000_007f U  I;
    Auipc  "auipc"  0x0000_0017 0x0000_007f U  I;
    Jal    "jal"    0x0000_006f 0x0000_007f J  I;
    Jalr   "jalr"   0x0000_0067 0x0000_707f Jalr I;
    Beq    "beq"    0x0000_0063 0x0000_707f Branch I;
    Bne    "bne"    0x0000_1063 0x0000_707f Branch I;
    Blt    "blt"    0x0000_4063 0x0000_707f Branch I;
    Bge    "bge"    0x0000_5063 0x0000_707f Branch I;
    Bltu   "bltu"   0x0000_6063 0x0000_707f Branch I;
    Bgeu   "bgeu"   0x0000_7063 0x0000_707f Branch I;
    Lb     "lb"     0x0000_0003 0x0000_707f Load I;
    Lh     "lh"     0x0000_1003 0x0000_707f Load I;
    Lw     "lw"     0x0000_2003 0x0000_707f Load I;
    Ld     "ld"     0x0000_3003 0x0000_707f Load I;
    Lbu    "lbu"    0x0000_4003 0x0000_707f Load I;
    Lhu    "lhu"    0x0000_5003 0x0000_707f Load I;
    Lwu    "lwu"    0x0000_6003 0x0000_707f Load I;
    Sb     "sb"     0x0000_0023 0x0000_707f Store I;
    Sh     "sh"     0x0000_1023 0x0000_707f Store I;
    Sw     "sw"     0x0000_2023 0x0000_707f Store I;
    Sd     "sd"     0x0000_3023 0x0000_707f Store I;
    Addi   "addi"   0x0000_0013 0x0000_707f I  I;
    Slti   "slti"   0x0000_2013 0x0000_707f I  I;
    Sltiu  "sltiu"  0x0000_3013 0x0000_707f I  I;
    Xori   "xori"   0x0000_4013 0x0000_707f I  I;
    Ori    "ori"    0x0000_6013 0x0000_707f I  I;
    Andi   "andi"   0x0000_7013 0x0000_707f I  I;
    Slli   "slli"   0x0000_1013 0xfc00_707f Shift I;
    Srli   "srli"   0x0000_5013 0xfc00_707f Shift I;
    Srai   "srai"   0x4000_5013 0xfc00_707f Shift I;
    Add    "add"    0x0000_0033 0xfe00_707f R  I;
    Sub    "sub"    0x4000_0033 0xfe00_707f R  I;
    Sll    "sll"    0x0000_1033 0xfe00_707f R  I;
    Slt    "slt"    0x0000_2033 0xfe00_707f R  I;
    Sltu   "sltu"   0x0000_3033 0xfe00_707f R  I;
    Xor    "xor"    0x0000_4033 0xfe00_707f R  I;
    Srl    "srl"    0x0000_5033 0xfe00_707f R  I;
    Sra    "sra"    0x4000_5033 0xfe00_707f R  I;
    Or     "or"     0x0000_6033 0xfe00_707f R  I;
    And    "and"    0x0000_7033 0xfe00_707f R  I;
    Addiw  "addiw"  0x0000_001b 0x0000_707f I  I;
    Slliw  "slliw"  0x0000_101b 0xfe00_707f ShiftW I;
    Srliw  "srliw"  0x0000_501b 0xfe00_707f ShiftW I;
    Sraiw  "sraiw"  0x4000_501b 0xfe00_707f ShiftW I;
    Addw   "addw"   0x0000_003b 0xfe00_707f R  I;
    Subw   "subw"   0x4000_003b 0xfe00_707f R  I;
    Sllw   "sllw"   0x0000_103b 0xfe00_707f R  I;
    Srlw   "srlw"   0x0000_503b 0xfe00_707f R  I;
    Sraw   "sraw"   0x4000_503b 0xfe00_707f R  I;
    Fence  "fence"  0x0000_000f 0x0000_707f Fence I;
    Ecall  "ecall"  0x0000_0073 0xffff_ffff None I;
    Ebreak "ebreak" 0x0010_0073 0xffff_ffff None I;
    // Zifencei
    FenceI "fence.i" 0x0000_100f 0x0000_707f None Zifencei;
    // Zicsr
    Csrrw  "csrrw"  0x0000_1073 0x0000_707f Csr Zicsr;
    Csrrs  "csrrs"  0x0000_2073 0x0000_707f Csr Zicsr;
    Csrrc  "csrrc"  0x0000_3073 0x0000_707f Csr Zicsr;
    Csrrwi "csrrwi" 0x0000_5073 0x0000_707f CsrImm Zicsr;
    Csrrsi "csrrsi" 0x0000_6073 0x0000_707f CsrImm Zicsr;
    Csrrci "csrrci" 0x0000_7073 0x0000_707f CsrImm Zicsr;
    // Privileged
    Mret   "mret"   0x3020_0073 0xffff_ffff None System;
    Sret   "sret"   0x1020_0073 0xffff_ffff None System;
    SfenceVma "sfence.vma" 0x1200_0073 0xfe00_7fff SfenceVma System;
    Wfi    "wfi"    0x1050_0073 0xffff_ffff None System;
    // RV64M
    Mul    "mul"    0x0200_0033 0xfe00_707f R M;
    Mulh   "mulh"   0x0200_1033 0xfe00_707f R M;
    Mulhsu "mulhsu" 0x0200_2033 0xfe00_707f R M;
    Mulhu  "mulhu"  0x0200_3033 0xfe00_707f R M;
    Div    "div"    0x0200_4033 0xfe00_707f R M;
    Divu   "divu"   0x0200_5033 0xfe00_707f R M;
    Rem    "rem"    0x0200_6033 0xfe00_707f R M;
    Remu   "remu"   0x0200_7033 0xfe00_707f R M;
    Mulw   "mulw"   0x0200_003b 0xfe00_707f R M;
    Divw   "divw"   0x0200_403b 0xfe00_707f R M;
    Divuw  "divuw"  0x0200_503b 0xfe00_707f R M;
    Remw   "remw"   0x0200_603b 0xfe00_707f R M;
    Remuw  "remuw"  0x0200_703b 0xfe00_707f R M;
    // RV64A
    LrW      "lr.w"      0x1000_202f 0xf9f0_707f Lr A;
    ScW      "sc.w"      0x1800_202f 0xf800_707f Amo A;
    AmoswapW "amoswap.w" 0x0800_202f 0xf800_707f Amo A;
    AmoaddW  "amoadd.w"  0x0000_202f 0xf800_707f Amo A;
    AmoxorW  "amoxor.w"  0x2000_202f 0xf800_707f Amo A;
    AmoandW  "amoand.w"  0x6000_202f 0xf800_707f Amo A;
    AmoorW   "amoor.w"   0x4000_202f 0xf800_707f Amo A;
    AmominW  "amomin.w"  0x8000_202f 0xf800_707f Amo A;
    AmomaxW  "amomax.w"  0xa000_202f 0xf800_707f Amo A;
    AmominuW "amominu.w" 0xc000_202f 0xf800_707f Amo A;
    AmomaxuW "amomaxu.w" 0xe000_202f 0xf800_707f Amo A;
    LrD      "lr.d"      0x1000_302f 0xf9f0_707f Lr A;
    ScD      "sc.d"      0x1800_302f 0xf800_707f Amo A;
    AmoswapD "amoswap.d" 0x0800_302f 0xf800_707f Amo A;
    AmoaddD  "amoadd.d"  0x0000_302f 0xf800_707f Amo A;
    AmoxorD  "amoxor.d"  0x2000_302f 0xf800_707f Amo A;
    AmoandD  "amoand.d"  0x6000_302f 0xf800_707f Amo A;
    AmoorD   "amoor.d"   0x4000_302f 0xf800_707f Amo A;
    AmominD  "amomin.d"  0x8000_302f 0xf800_707f Amo A;
    AmomaxD  "amomax.d"  0xa000_302f 0xf800_707f Amo A;
    AmominuD "amominu.d" 0xc000_302f 0xf800_707f Amo A;
    AmomaxuD "amomaxu.d" 0xe000_302f 0xf800_707f Amo A;
    // RV64F
    Flw      "flw"       0x0000_2007 0x0000_707f FpLoad F;
    Fsw      "fsw"       0x0000_2027 0x0000_707f FpStore F;
    FmaddS   "fmadd.s"   0x0000_0043 0x0600_007f FpR4 F;
    FmsubS   "fmsub.s"   0x0000_0047 0x0600_007f FpR4 F;
    FnmsubS  "fnmsub.s"  0x0000_004b 0x0600_007f FpR4 F;
    FnmaddS  "fnmadd.s"  0x0000_004f 0x0600_007f FpR4 F;
    FaddS    "fadd.s"    0x0000_0053 0xfe00_007f FpR F;
    FsubS    "fsub.s"    0x0800_0053 0xfe00_007f FpR F;
    FmulS    "fmul.s"    0x1000_0053 0xfe00_007f FpR F;
    FdivS    "fdiv.s"    0x1800_0053 0xfe00_007f FpR F;
    FsqrtS   "fsqrt.s"   0x5800_0053 0xfff0_007f FpUnary F;
    FsgnjS   "fsgnj.s"   0x2000_0053 0xfe00_707f FpRNoRm F;
    FsgnjnS  "fsgnjn.s"  0x2000_1053 0xfe00_707f FpRNoRm F;
    FsgnjxS  "fsgnjx.s"  0x2000_2053 0xfe00_707f FpRNoRm F;
    FminS    "fmin.s"    0x2800_0053 0xfe00_707f FpRNoRm F;
    FmaxS    "fmax.s"    0x2800_1053 0xfe00_707f FpRNoRm F;
    FcvtWS   "fcvt.w.s"  0xc000_0053 0xfff0_007f FpToInt F;
    FcvtWuS  "fcvt.wu.s" 0xc010_0053 0xfff0_007f FpToInt F;
    FcvtLS   "fcvt.l.s"  0xc020_0053 0xfff0_007f FpToInt F;
    FcvtLuS  "fcvt.lu.s" 0xc030_0053 0xfff0_007f FpToInt F;
    FmvXW    "fmv.x.w"   0xe000_0053 0xfff0_707f FpToIntRaw F;
    FclassS  "fclass.s"  0xe000_1053 0xfff0_707f FpToIntRaw F;
    FeqS     "feq.s"     0xa000_2053 0xfe00_707f FpCmp F;
    FltS     "flt.s"     0xa000_1053 0xfe00_707f FpCmp F;
    FleS     "fle.s"     0xa000_0053 0xfe00_707f FpCmp F;
    FcvtSW   "fcvt.s.w"  0xd000_0053 0xfff0_007f IntToFp F;
    FcvtSWu  "fcvt.s.wu" 0xd010_0053 0xfff0_007f IntToFp F;
    FcvtSL   "fcvt.s.l"  0xd020_0053 0xfff0_007f IntToFp F;
    FcvtSLu  "fcvt.s.lu" 0xd030_0053 0xfff0_007f IntToFp F;
    FmvWX    "fmv.w.x"   0xf000_0053 0xfff0_707f IntToFpRaw F;
    // RV64D
    Fld      "fld"       0x0000_3007 0x0000_707f FpLoad D;
    Fsd      "fsd"       0x0000_3027 0x0000_707f FpStore D;
    FmaddD   "fmadd.d"   0x0200_0043 0x0600_007f FpR4 D;
    FmsubD   "fmsub.d"   0x0200_0047 0x0600_007f FpR4 D;
    FnmsubD  "fnmsub.d"  0x0200_004b 0x0600_007f FpR4 D;
    FnmaddD  "fnmadd.d"  0x0200_004f 0x0600_007f FpR4 D;
    FaddD    "fadd.d"    0x0200_0053 0xfe00_007f FpR D;
    FsubD    "fsub.d"    0x0a00_0053 0xfe00_007f FpR D;
    FmulD    "fmul.d"    0x1200_0053 0xfe00_007f FpR D;
    FdivD    "fdiv.d"    0x1a00_0053 0xfe00_007f FpR D;
    FsqrtD   "fsqrt.d"   0x5a00_0053 0xfff0_007f FpUnary D;
    FsgnjD   "fsgnj.d"   0x2200_0053 0xfe00_707f FpRNoRm D;
    FsgnjnD  "fsgnjn.d"  0x2200_1053 0xfe00_707f FpRNoRm D;
    FsgnjxD  "fsgnjx.d"  0x2200_2053 0xfe00_707f FpRNoRm D;
    FminD    "fmin.d"    0x2a00_0053 0xfe00_707f FpRNoRm D;
    FmaxD    "fmax.d"    0x2a00_1053 0xfe00_707f FpRNoRm D;
    FcvtSD   "fcvt.s.d"  0x4010_0053 0xfff0_007f FpUnary D;
    FcvtDS   "fcvt.d.s"  0x4200_0053 0xfff0_007f FpUnary D;
    FcvtWD   "fcvt.w.d"  0xc200_0053 0xfff0_007f FpToInt D;
    FcvtWuD  "fcvt.wu.d" 0xc210_0053 0xfff0_007f FpToInt D;
    FcvtLD   "fcvt.l.d"  0xc220_0053 0xfff0_007f FpToInt D;
    FcvtLuD  "fcvt.lu.d" 0xc230_0053 0xfff0_007f FpToInt D;
    FmvXD    "fmv.x.d"   0xe200_0053 0xfff0_707f FpToIntRaw D;
    FclassD  "fclass.d"  0xe200_1053 0xfff0_707f FpToIntRaw D;
    FeqD     "feq.d"     0xa200_2053 0xfe00_707f FpCmp D;
    FltD     "flt.d"     0xa200_1053 0xfe00_707f FpCmp D;
    FleD     "fle.d"     0xa200_0053 0xfe00_707f FpCmp D;
    FcvtDW   "fcvt.d.w"  0xd200_0053 0xfff0_007f IntToFp D;
    FcvtDWu  "fcvt.d.wu" 0xd210_0053 0xfff0_007f IntToFp D;
    FcvtDL   "fcvt.d.l"  0xd220_0053 0xfff0_007f IntToFp D;
    FcvtDLu  "fcvt.d.lu" 0xd230_0053 0xfff0_007f IntToFp D;
    FmvDX    "fmv.d.x"   0xf200_0053 0xfff0_707f IntToFpRaw D;
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
        }
    }

    #[test]
    fn no_two_encodings_overlap() {
        // Two patterns overlap when some word satisfies both: they agree on every bit
        // that both masks fix.
        for (i, a) in TABLE.iter().enumerate() {
            for b in &TABLE[i + 1..] {
                let both = a.mask & b.mask;
                assert_ne!(a.bits & both, b.bits & both, "{} overlaps {}", a.name, b.name);
            }
        }
    }
}
