//! THE instruction list: one line per instruction, and the only place an
//! instruction is described. Every other part of hartsim is generated from
//! it or checked against it at compile time:
//!
//! - `isa::table` builds the `Op` enum and the table that decoding, encoding,
//!   disassembly and assembly read (mnemonic, encoding, format, extensions,
//!   memory-access width);
//! - `hart::exec` builds `handler(op)` from the semantics column;
//! - `engine::block` builds the op -> fast-path `Kind` map from the class
//!   column (a class that is not a `Kind` does not compile).
//!
//! A line reads:
//!
//! ```text
//! Op  "mnemonic"  match  mask  Format  [Ext | Ext & Ext]  Class  width  => semantics;
//! ```
//!
//! - `match`/`mask`: a word is this instruction when `word & mask == match`.
//!   Two patterns may overlap only when one refines the other (`zext.h` is
//!   `packw` with rs2 = 0); the decoder tries the more specific first, among
//!   the instructions the hart's extensions enable.
//! - `Format` (in `isa::format`): the operands and where their bits live.
//! - `[Zbb | Zbkb]`: any one of these enables it; `& D`: and this too.
//! - `Class`: how the block engine runs it: a `Kind` of its own (the common
//!   integer instructions, inline in the executor), `Call` (through the
//!   handler, then on), or `CallThenEnd` (through the handler, then back to
//!   the engine loop: CSRs, privilege, translation and fences).
//! - `width`: bytes a load, store or AMO accesses (`-` for none), for the trace.
//! - `semantics`: the handler, a path under `hart::exec`.
//!
//! Adding an instruction of an existing format: one line here, plus its
//! handler if no existing one fits. A new format: one line in
//! `isa::format`'s `formats!`.

/// Calls `$callback! { rows }` with every instruction line.
macro_rules! for_each_insn {
    ($callback:ident) => {
        $callback! {
            // RV64I
            Lui    "lui"    0x0000_0037 0x0000_007f U      [I] Li  - => i::lui;
            Auipc  "auipc"  0x0000_0017 0x0000_007f U      [I] Li  - => i::auipc;
            Jal    "jal"    0x0000_006f 0x0000_007f J      [I] Jal - => i::jal;
            Jalr   "jalr"   0x0000_0067 0x0000_707f Jalr   [I] Jalr - => i::jalr;
            Beq    "beq"    0x0000_0063 0x0000_707f Branch [I] Beq - => i::beq;
            Bne    "bne"    0x0000_1063 0x0000_707f Branch [I] Bne - => i::bne;
            Blt    "blt"    0x0000_4063 0x0000_707f Branch [I] Blt - => i::blt;
            Bge    "bge"    0x0000_5063 0x0000_707f Branch [I] Bge - => i::bge;
            Bltu   "bltu"   0x0000_6063 0x0000_707f Branch [I] Bltu - => i::bltu;
            Bgeu   "bgeu"   0x0000_7063 0x0000_707f Branch [I] Bgeu - => i::bgeu;
            Lb     "lb"     0x0000_0003 0x0000_707f Load   [I] Lb  1 => i::lb;
            Lh     "lh"     0x0000_1003 0x0000_707f Load   [I] Lh  2 => i::lh;
            Lw     "lw"     0x0000_2003 0x0000_707f Load   [I] Lw  4 => i::lw;
            Ld     "ld"     0x0000_3003 0x0000_707f Load   [I] Ld  8 => i::ld;
            Lbu    "lbu"    0x0000_4003 0x0000_707f Load   [I] Lbu 1 => i::lbu;
            Lhu    "lhu"    0x0000_5003 0x0000_707f Load   [I] Lhu 2 => i::lhu;
            Lwu    "lwu"    0x0000_6003 0x0000_707f Load   [I] Lwu 4 => i::lwu;
            Sb     "sb"     0x0000_0023 0x0000_707f Store  [I] Sb  1 => i::sb;
            Sh     "sh"     0x0000_1023 0x0000_707f Store  [I] Sh  2 => i::sh;
            Sw     "sw"     0x0000_2023 0x0000_707f Store  [I] Sw  4 => i::sw;
            Sd     "sd"     0x0000_3023 0x0000_707f Store  [I] Sd  8 => i::sd;
            Addi   "addi"   0x0000_0013 0x0000_707f I      [I] Addi - => i::addi;
            Slti   "slti"   0x0000_2013 0x0000_707f I      [I] Slti - => i::slti;
            Sltiu  "sltiu"  0x0000_3013 0x0000_707f I      [I] Sltiu - => i::sltiu;
            Xori   "xori"   0x0000_4013 0x0000_707f I      [I] Xori - => i::xori;
            Ori    "ori"    0x0000_6013 0x0000_707f I      [I] Ori - => i::ori;
            Andi   "andi"   0x0000_7013 0x0000_707f I      [I] Andi - => i::andi;
            Slli   "slli"   0x0000_1013 0xfc00_707f Shift  [I] Slli - => i::slli;
            Srli   "srli"   0x0000_5013 0xfc00_707f Shift  [I] Srli - => i::srli;
            Srai   "srai"   0x4000_5013 0xfc00_707f Shift  [I] Srai - => i::srai;
            Add    "add"    0x0000_0033 0xfe00_707f R      [I] Add - => i::add;
            Sub    "sub"    0x4000_0033 0xfe00_707f R      [I] Sub - => i::sub;
            Sll    "sll"    0x0000_1033 0xfe00_707f R      [I] Sll - => i::sll;
            Slt    "slt"    0x0000_2033 0xfe00_707f R      [I] Slt - => i::slt;
            Sltu   "sltu"   0x0000_3033 0xfe00_707f R      [I] Sltu - => i::sltu;
            Xor    "xor"    0x0000_4033 0xfe00_707f R      [I] Xor - => i::xor;
            Srl    "srl"    0x0000_5033 0xfe00_707f R      [I] Srl - => i::srl;
            Sra    "sra"    0x4000_5033 0xfe00_707f R      [I] Sra - => i::sra;
            Or     "or"     0x0000_6033 0xfe00_707f R      [I] Or  - => i::or;
            And    "and"    0x0000_7033 0xfe00_707f R      [I] And - => i::and;
            Addiw  "addiw"  0x0000_001b 0x0000_707f I      [I] Addiw - => i::addiw;
            Slliw  "slliw"  0x0000_101b 0xfe00_707f ShiftW [I] Slliw - => i::slliw;
            Srliw  "srliw"  0x0000_501b 0xfe00_707f ShiftW [I] Srliw - => i::srliw;
            Sraiw  "sraiw"  0x4000_501b 0xfe00_707f ShiftW [I] Sraiw - => i::sraiw;
            Addw   "addw"   0x0000_003b 0xfe00_707f R      [I] Addw - => i::addw;
            Subw   "subw"   0x4000_003b 0xfe00_707f R      [I] Subw - => i::subw;
            Sllw   "sllw"   0x0000_103b 0xfe00_707f R      [I] Sllw - => i::sllw;
            Srlw   "srlw"   0x0000_503b 0xfe00_707f R      [I] Srlw - => i::srlw;
            Sraw   "sraw"   0x4000_503b 0xfe00_707f R      [I] Sraw - => i::sraw;
            // `pause` (Zihintpause) is `fence w,0`: a fence like any other here.
            Fence  "fence"  0x0000_000f 0x0000_707f Fence  [I] Nop - => i::fence;
            Ecall  "ecall"  0x0000_0073 0xffff_ffff None   [I] CallThenEnd - => system::ecall;
            Ebreak "ebreak" 0x0010_0073 0xffff_ffff None   [I] CallThenEnd - => system::ebreak;
            // Zifencei
            FenceI "fence.i" 0x0000_100f 0x0000_707f None  [Zifencei] CallThenEnd - => i::fence;
            // Zicsr
            Csrrw  "csrrw"  0x0000_1073 0x0000_707f Csr    [Zicsr] CallThenEnd - => zicsr::csrrw;
            Csrrs  "csrrs"  0x0000_2073 0x0000_707f Csr    [Zicsr] CallThenEnd - => zicsr::csrrs;
            Csrrc  "csrrc"  0x0000_3073 0x0000_707f Csr    [Zicsr] CallThenEnd - => zicsr::csrrc;
            Csrrwi "csrrwi" 0x0000_5073 0x0000_707f CsrImm [Zicsr] CallThenEnd - => zicsr::csrrwi;
            Csrrsi "csrrsi" 0x0000_6073 0x0000_707f CsrImm [Zicsr] CallThenEnd - => zicsr::csrrsi;
            Csrrci "csrrci" 0x0000_7073 0x0000_707f CsrImm [Zicsr] CallThenEnd - => zicsr::csrrci;
            // Privileged
            Mret   "mret"   0x3020_0073 0xffff_ffff None   [I] CallThenEnd - => system::mret;
            Sret   "sret"   0x1020_0073 0xffff_ffff None   [I] CallThenEnd - => system::sret;
            SfenceVma "sfence.vma" 0x1200_0073 0xfe00_7fff SfenceVma [I] CallThenEnd - => system::sfence_vma;
            Wfi    "wfi"    0x1050_0073 0xffff_ffff None   [I] CallThenEnd - => system::wfi;
            // RV64M
            Mul    "mul"    0x0200_0033 0xfe00_707f R [M] Mul - => m::mul;
            Mulh   "mulh"   0x0200_1033 0xfe00_707f R [M] Call - => m::mulh;
            Mulhsu "mulhsu" 0x0200_2033 0xfe00_707f R [M] Call - => m::mulhsu;
            Mulhu  "mulhu"  0x0200_3033 0xfe00_707f R [M] Call - => m::mulhu;
            Div    "div"    0x0200_4033 0xfe00_707f R [M] Call - => m::div;
            Divu   "divu"   0x0200_5033 0xfe00_707f R [M] Call - => m::divu;
            Rem    "rem"    0x0200_6033 0xfe00_707f R [M] Call - => m::rem;
            Remu   "remu"   0x0200_7033 0xfe00_707f R [M] Call - => m::remu;
            Mulw   "mulw"   0x0200_003b 0xfe00_707f R [M] Mulw - => m::mulw;
            Divw   "divw"   0x0200_403b 0xfe00_707f R [M] Call - => m::divw;
            Divuw  "divuw"  0x0200_503b 0xfe00_707f R [M] Call - => m::divuw;
            Remw   "remw"   0x0200_603b 0xfe00_707f R [M] Call - => m::remw;
            Remuw  "remuw"  0x0200_703b 0xfe00_707f R [M] Call - => m::remuw;
            // RV64A
            LrW      "lr.w"      0x1000_202f 0xf9f0_707f Lr  [A] Call 4 => a::lr_w;
            ScW      "sc.w"      0x1800_202f 0xf800_707f Amo [A] Call 4 => a::sc_w;
            AmoswapW "amoswap.w" 0x0800_202f 0xf800_707f Amo [A] Call 4 => a::amoswap_w;
            AmoaddW  "amoadd.w"  0x0000_202f 0xf800_707f Amo [A] Call 4 => a::amoadd_w;
            AmoxorW  "amoxor.w"  0x2000_202f 0xf800_707f Amo [A] Call 4 => a::amoxor_w;
            AmoandW  "amoand.w"  0x6000_202f 0xf800_707f Amo [A] Call 4 => a::amoand_w;
            AmoorW   "amoor.w"   0x4000_202f 0xf800_707f Amo [A] Call 4 => a::amoor_w;
            AmominW  "amomin.w"  0x8000_202f 0xf800_707f Amo [A] Call 4 => a::amomin_w;
            AmomaxW  "amomax.w"  0xa000_202f 0xf800_707f Amo [A] Call 4 => a::amomax_w;
            AmominuW "amominu.w" 0xc000_202f 0xf800_707f Amo [A] Call 4 => a::amominu_w;
            AmomaxuW "amomaxu.w" 0xe000_202f 0xf800_707f Amo [A] Call 4 => a::amomaxu_w;
            LrD      "lr.d"      0x1000_302f 0xf9f0_707f Lr  [A] Call 8 => a::lr_d;
            ScD      "sc.d"      0x1800_302f 0xf800_707f Amo [A] Call 8 => a::sc_d;
            AmoswapD "amoswap.d" 0x0800_302f 0xf800_707f Amo [A] Call 8 => a::amoswap_d;
            AmoaddD  "amoadd.d"  0x0000_302f 0xf800_707f Amo [A] Call 8 => a::amoadd_d;
            AmoxorD  "amoxor.d"  0x2000_302f 0xf800_707f Amo [A] Call 8 => a::amoxor_d;
            AmoandD  "amoand.d"  0x6000_302f 0xf800_707f Amo [A] Call 8 => a::amoand_d;
            AmoorD   "amoor.d"   0x4000_302f 0xf800_707f Amo [A] Call 8 => a::amoor_d;
            AmominD  "amomin.d"  0x8000_302f 0xf800_707f Amo [A] Call 8 => a::amomin_d;
            AmomaxD  "amomax.d"  0xa000_302f 0xf800_707f Amo [A] Call 8 => a::amomax_d;
            AmominuD "amominu.d" 0xc000_302f 0xf800_707f Amo [A] Call 8 => a::amominu_d;
            AmomaxuD "amomaxu.d" 0xe000_302f 0xf800_707f Amo [A] Call 8 => a::amomaxu_d;
            // RV64F
            Flw      "flw"       0x0000_2007 0x0000_707f FpLoad     [F] Call 4 => f_d::load::<S>;
            Fsw      "fsw"       0x0000_2027 0x0000_707f FpStore    [F] Call 4 => f_d::store::<S>;
            FmaddS   "fmadd.s"   0x0000_0043 0x0600_007f FpR4       [F] Call - => f_d::fmadd::<S>;
            FmsubS   "fmsub.s"   0x0000_0047 0x0600_007f FpR4       [F] Call - => f_d::fmsub::<S>;
            FnmsubS  "fnmsub.s"  0x0000_004b 0x0600_007f FpR4       [F] Call - => f_d::fnmsub::<S>;
            FnmaddS  "fnmadd.s"  0x0000_004f 0x0600_007f FpR4       [F] Call - => f_d::fnmadd::<S>;
            FaddS    "fadd.s"    0x0000_0053 0xfe00_007f FpR        [F] Call - => f_d::add::<S>;
            FsubS    "fsub.s"    0x0800_0053 0xfe00_007f FpR        [F] Call - => f_d::sub::<S>;
            FmulS    "fmul.s"    0x1000_0053 0xfe00_007f FpR        [F] Call - => f_d::mul::<S>;
            FdivS    "fdiv.s"    0x1800_0053 0xfe00_007f FpR        [F] Call - => f_d::div::<S>;
            FsqrtS   "fsqrt.s"   0x5800_0053 0xfff0_007f FpUnary    [F] Call - => f_d::sqrt::<S>;
            FsgnjS   "fsgnj.s"   0x2000_0053 0xfe00_707f FpRNoRm    [F] Call - => f_d::sgnj::<S>;
            FsgnjnS  "fsgnjn.s"  0x2000_1053 0xfe00_707f FpRNoRm    [F] Call - => f_d::sgnjn::<S>;
            FsgnjxS  "fsgnjx.s"  0x2000_2053 0xfe00_707f FpRNoRm    [F] Call - => f_d::sgnjx::<S>;
            FminS    "fmin.s"    0x2800_0053 0xfe00_707f FpRNoRm    [F] Call - => f_d::min::<S>;
            FmaxS    "fmax.s"    0x2800_1053 0xfe00_707f FpRNoRm    [F] Call - => f_d::max::<S>;
            FcvtWS   "fcvt.w.s"  0xc000_0053 0xfff0_007f FpToInt    [F] Call - => f_d::cvt_w::<S>;
            FcvtWuS  "fcvt.wu.s" 0xc010_0053 0xfff0_007f FpToInt    [F] Call - => f_d::cvt_wu::<S>;
            FcvtLS   "fcvt.l.s"  0xc020_0053 0xfff0_007f FpToInt    [F] Call - => f_d::cvt_l::<S>;
            FcvtLuS  "fcvt.lu.s" 0xc030_0053 0xfff0_007f FpToInt    [F] Call - => f_d::cvt_lu::<S>;
            FmvXW    "fmv.x.w"   0xe000_0053 0xfff0_707f FpToIntRaw [F] Call - => f_d::mv_to_x::<S>;
            FclassS  "fclass.s"  0xe000_1053 0xfff0_707f FpToIntRaw [F] Call - => f_d::class::<S>;
            FeqS     "feq.s"     0xa000_2053 0xfe00_707f FpCmp      [F] Call - => f_d::feq::<S>;
            FltS     "flt.s"     0xa000_1053 0xfe00_707f FpCmp      [F] Call - => f_d::flt::<S>;
            FleS     "fle.s"     0xa000_0053 0xfe00_707f FpCmp      [F] Call - => f_d::fle::<S>;
            FcvtSW   "fcvt.s.w"  0xd000_0053 0xfff0_007f IntToFp    [F] Call - => f_d::cvt_from_w::<S>;
            FcvtSWu  "fcvt.s.wu" 0xd010_0053 0xfff0_007f IntToFp    [F] Call - => f_d::cvt_from_wu::<S>;
            FcvtSL   "fcvt.s.l"  0xd020_0053 0xfff0_007f IntToFp    [F] Call - => f_d::cvt_from_l::<S>;
            FcvtSLu  "fcvt.s.lu" 0xd030_0053 0xfff0_007f IntToFp    [F] Call - => f_d::cvt_from_lu::<S>;
            FmvWX    "fmv.w.x"   0xf000_0053 0xfff0_707f IntToFpRaw [F] Call - => f_d::mv_from_x::<S>;
            // RV64D
            Fld      "fld"       0x0000_3007 0x0000_707f FpLoad     [D] Call 8 => f_d::load::<D>;
            Fsd      "fsd"       0x0000_3027 0x0000_707f FpStore    [D] Call 8 => f_d::store::<D>;
            FmaddD   "fmadd.d"   0x0200_0043 0x0600_007f FpR4       [D] Call - => f_d::fmadd::<D>;
            FmsubD   "fmsub.d"   0x0200_0047 0x0600_007f FpR4       [D] Call - => f_d::fmsub::<D>;
            FnmsubD  "fnmsub.d"  0x0200_004b 0x0600_007f FpR4       [D] Call - => f_d::fnmsub::<D>;
            FnmaddD  "fnmadd.d"  0x0200_004f 0x0600_007f FpR4       [D] Call - => f_d::fnmadd::<D>;
            FaddD    "fadd.d"    0x0200_0053 0xfe00_007f FpR        [D] Call - => f_d::add::<D>;
            FsubD    "fsub.d"    0x0a00_0053 0xfe00_007f FpR        [D] Call - => f_d::sub::<D>;
            FmulD    "fmul.d"    0x1200_0053 0xfe00_007f FpR        [D] Call - => f_d::mul::<D>;
            FdivD    "fdiv.d"    0x1a00_0053 0xfe00_007f FpR        [D] Call - => f_d::div::<D>;
            FsqrtD   "fsqrt.d"   0x5a00_0053 0xfff0_007f FpUnary    [D] Call - => f_d::sqrt::<D>;
            FsgnjD   "fsgnj.d"   0x2200_0053 0xfe00_707f FpRNoRm    [D] Call - => f_d::sgnj::<D>;
            FsgnjnD  "fsgnjn.d"  0x2200_1053 0xfe00_707f FpRNoRm    [D] Call - => f_d::sgnjn::<D>;
            FsgnjxD  "fsgnjx.d"  0x2200_2053 0xfe00_707f FpRNoRm    [D] Call - => f_d::sgnjx::<D>;
            FminD    "fmin.d"    0x2a00_0053 0xfe00_707f FpRNoRm    [D] Call - => f_d::min::<D>;
            FmaxD    "fmax.d"    0x2a00_1053 0xfe00_707f FpRNoRm    [D] Call - => f_d::max::<D>;
            FcvtSD   "fcvt.s.d"  0x4010_0053 0xfff0_007f FpUnary    [D] Call - => f_d::cvt::<D, S>;
            FcvtDS   "fcvt.d.s"  0x4200_0053 0xfff0_007f FpWiden    [D] Call - => f_d::cvt::<S, D>;
            FcvtWD   "fcvt.w.d"  0xc200_0053 0xfff0_007f FpToInt    [D] Call - => f_d::cvt_w::<D>;
            FcvtWuD  "fcvt.wu.d" 0xc210_0053 0xfff0_007f FpToInt    [D] Call - => f_d::cvt_wu::<D>;
            FcvtLD   "fcvt.l.d"  0xc220_0053 0xfff0_007f FpToInt    [D] Call - => f_d::cvt_l::<D>;
            FcvtLuD  "fcvt.lu.d" 0xc230_0053 0xfff0_007f FpToInt    [D] Call - => f_d::cvt_lu::<D>;
            FmvXD    "fmv.x.d"   0xe200_0053 0xfff0_707f FpToIntRaw [D] Call - => f_d::mv_to_x::<D>;
            FclassD  "fclass.d"  0xe200_1053 0xfff0_707f FpToIntRaw [D] Call - => f_d::class::<D>;
            FeqD     "feq.d"     0xa200_2053 0xfe00_707f FpCmp      [D] Call - => f_d::feq::<D>;
            FltD     "flt.d"     0xa200_1053 0xfe00_707f FpCmp      [D] Call - => f_d::flt::<D>;
            FleD     "fle.d"     0xa200_0053 0xfe00_707f FpCmp      [D] Call - => f_d::fle::<D>;
            FcvtDW   "fcvt.d.w"  0xd200_0053 0xfff0_007f IntToFpExact [D] Call - => f_d::cvt_from_w::<D>;
            FcvtDWu  "fcvt.d.wu" 0xd210_0053 0xfff0_007f IntToFpExact [D] Call - => f_d::cvt_from_wu::<D>;
            FcvtDL   "fcvt.d.l"  0xd220_0053 0xfff0_007f IntToFp    [D] Call - => f_d::cvt_from_l::<D>;
            FcvtDLu  "fcvt.d.lu" 0xd230_0053 0xfff0_007f IntToFp    [D] Call - => f_d::cvt_from_lu::<D>;
            FmvDX    "fmv.d.x"   0xf200_0053 0xfff0_707f IntToFpRaw [D] Call - => f_d::mv_from_x::<D>;
            // Zfh (half precision); the Zfhmin subset is marked `Zfhmin | Zfh`.
            Flh      "flh"       0x0000_1007 0x0000_707f FpLoad     [Zfhmin | Zfh] Call 2 => f_d::load::<H>;
            Fsh      "fsh"       0x0000_1027 0x0000_707f FpStore    [Zfhmin | Zfh] Call 2 => f_d::store::<H>;
            FmaddH   "fmadd.h"   0x0400_0043 0x0600_007f FpR4       [Zfh] Call - => f_d::fmadd::<H>;
            FmsubH   "fmsub.h"   0x0400_0047 0x0600_007f FpR4       [Zfh] Call - => f_d::fmsub::<H>;
            FnmsubH  "fnmsub.h"  0x0400_004b 0x0600_007f FpR4       [Zfh] Call - => f_d::fnmsub::<H>;
            FnmaddH  "fnmadd.h"  0x0400_004f 0x0600_007f FpR4       [Zfh] Call - => f_d::fnmadd::<H>;
            FaddH    "fadd.h"    0x0400_0053 0xfe00_007f FpR        [Zfh] Call - => f_d::add::<H>;
            FsubH    "fsub.h"    0x0c00_0053 0xfe00_007f FpR        [Zfh] Call - => f_d::sub::<H>;
            FmulH    "fmul.h"    0x1400_0053 0xfe00_007f FpR        [Zfh] Call - => f_d::mul::<H>;
            FdivH    "fdiv.h"    0x1c00_0053 0xfe00_007f FpR        [Zfh] Call - => f_d::div::<H>;
            FsqrtH   "fsqrt.h"   0x5c00_0053 0xfff0_007f FpUnary    [Zfh] Call - => f_d::sqrt::<H>;
            FsgnjH   "fsgnj.h"   0x2400_0053 0xfe00_707f FpRNoRm    [Zfh] Call - => f_d::sgnj::<H>;
            FsgnjnH  "fsgnjn.h"  0x2400_1053 0xfe00_707f FpRNoRm    [Zfh] Call - => f_d::sgnjn::<H>;
            FsgnjxH  "fsgnjx.h"  0x2400_2053 0xfe00_707f FpRNoRm    [Zfh] Call - => f_d::sgnjx::<H>;
            FminH    "fmin.h"    0x2c00_0053 0xfe00_707f FpRNoRm    [Zfh] Call - => f_d::min::<H>;
            FmaxH    "fmax.h"    0x2c00_1053 0xfe00_707f FpRNoRm    [Zfh] Call - => f_d::max::<H>;
            FcvtSH   "fcvt.s.h"  0x4020_0053 0xfff0_007f FpWiden    [Zfhmin | Zfh] Call - => f_d::cvt::<H, S>;
            FcvtHS   "fcvt.h.s"  0x4400_0053 0xfff0_007f FpUnary    [Zfhmin | Zfh] Call - => f_d::cvt::<S, H>;
            FcvtDH   "fcvt.d.h"  0x4220_0053 0xfff0_007f FpWiden    [Zfhmin | Zfh & D] Call - => f_d::cvt::<H, D>;
            FcvtHD   "fcvt.h.d"  0x4410_0053 0xfff0_007f FpUnary    [Zfhmin | Zfh & D] Call - => f_d::cvt::<D, H>;
            FcvtWH   "fcvt.w.h"  0xc400_0053 0xfff0_007f FpToInt    [Zfh] Call - => f_d::cvt_w::<H>;
            FcvtWuH  "fcvt.wu.h" 0xc410_0053 0xfff0_007f FpToInt    [Zfh] Call - => f_d::cvt_wu::<H>;
            FcvtLH   "fcvt.l.h"  0xc420_0053 0xfff0_007f FpToInt    [Zfh] Call - => f_d::cvt_l::<H>;
            FcvtLuH  "fcvt.lu.h" 0xc430_0053 0xfff0_007f FpToInt    [Zfh] Call - => f_d::cvt_lu::<H>;
            FmvXH    "fmv.x.h"   0xe400_0053 0xfff0_707f FpToIntRaw [Zfhmin | Zfh] Call - => f_d::mv_to_x::<H>;
            FclassH  "fclass.h"  0xe400_1053 0xfff0_707f FpToIntRaw [Zfh] Call - => f_d::class::<H>;
            FeqH     "feq.h"     0xa400_2053 0xfe00_707f FpCmp      [Zfh] Call - => f_d::feq::<H>;
            FltH     "flt.h"     0xa400_1053 0xfe00_707f FpCmp      [Zfh] Call - => f_d::flt::<H>;
            FleH     "fle.h"     0xa400_0053 0xfe00_707f FpCmp      [Zfh] Call - => f_d::fle::<H>;
            FcvtHW   "fcvt.h.w"  0xd400_0053 0xfff0_007f IntToFp    [Zfh] Call - => f_d::cvt_from_w::<H>;
            FcvtHWu  "fcvt.h.wu" 0xd410_0053 0xfff0_007f IntToFp    [Zfh] Call - => f_d::cvt_from_wu::<H>;
            FcvtHL   "fcvt.h.l"  0xd420_0053 0xfff0_007f IntToFp    [Zfh] Call - => f_d::cvt_from_l::<H>;
            FcvtHLu  "fcvt.h.lu" 0xd430_0053 0xfff0_007f IntToFp    [Zfh] Call - => f_d::cvt_from_lu::<H>;
            FmvHX    "fmv.h.x"   0xf400_0053 0xfff0_707f IntToFpRaw [Zfhmin | Zfh] Call - => f_d::mv_from_x::<H>;
            // Zba: address generation
            AddUw    "add.uw"    0x0800_003b 0xfe00_707f R     [Zba] Call - => zb::add_uw;
            Sh1add   "sh1add"    0x2000_2033 0xfe00_707f R     [Zba] Call - => zb::sh1add;
            Sh2add   "sh2add"    0x2000_4033 0xfe00_707f R     [Zba] Call - => zb::sh2add;
            Sh3add   "sh3add"    0x2000_6033 0xfe00_707f R     [Zba] Call - => zb::sh3add;
            Sh1addUw "sh1add.uw" 0x2000_203b 0xfe00_707f R     [Zba] Call - => zb::sh1add_uw;
            Sh2addUw "sh2add.uw" 0x2000_403b 0xfe00_707f R     [Zba] Call - => zb::sh2add_uw;
            Sh3addUw "sh3add.uw" 0x2000_603b 0xfe00_707f R     [Zba] Call - => zb::sh3add_uw;
            SlliUw   "slli.uw"   0x0800_101b 0xfc00_707f Shift [Zba] Call - => zb::slli_uw;
            // Zbb (and the parts Zbkb shares): basic bit manipulation
            Andn     "andn"      0x4000_7033 0xfe00_707f R      [Zbb | Zbkb] Call - => zb::andn;
            Orn      "orn"       0x4000_6033 0xfe00_707f R      [Zbb | Zbkb] Call - => zb::orn;
            Xnor     "xnor"      0x4000_4033 0xfe00_707f R      [Zbb | Zbkb] Call - => zb::xnor;
            Clz      "clz"       0x6000_1013 0xfff0_707f Unary  [Zbb] Call - => zb::clz;
            Ctz      "ctz"       0x6010_1013 0xfff0_707f Unary  [Zbb] Call - => zb::ctz;
            Cpop     "cpop"      0x6020_1013 0xfff0_707f Unary  [Zbb] Call - => zb::cpop;
            Clzw     "clzw"      0x6000_101b 0xfff0_707f Unary  [Zbb] Call - => zb::clzw;
            Ctzw     "ctzw"      0x6010_101b 0xfff0_707f Unary  [Zbb] Call - => zb::ctzw;
            Cpopw    "cpopw"     0x6020_101b 0xfff0_707f Unary  [Zbb] Call - => zb::cpopw;
            Max      "max"       0x0a00_6033 0xfe00_707f R      [Zbb] Call - => zb::max;
            Maxu     "maxu"      0x0a00_7033 0xfe00_707f R      [Zbb] Call - => zb::maxu;
            Min      "min"       0x0a00_4033 0xfe00_707f R      [Zbb] Call - => zb::min;
            Minu     "minu"      0x0a00_5033 0xfe00_707f R      [Zbb] Call - => zb::minu;
            SextB    "sext.b"    0x6040_1013 0xfff0_707f Unary  [Zbb] Call - => zb::sext_b;
            SextH    "sext.h"    0x6050_1013 0xfff0_707f Unary  [Zbb] Call - => zb::sext_h;
            ZextH    "zext.h"    0x0800_403b 0xfff0_707f Unary  [Zbb] Call - => zb::zext_h;
            Rol      "rol"       0x6000_1033 0xfe00_707f R      [Zbb | Zbkb] Call - => zb::rol;
            Ror      "ror"       0x6000_5033 0xfe00_707f R      [Zbb | Zbkb] Call - => zb::ror;
            Rolw     "rolw"      0x6000_103b 0xfe00_707f R      [Zbb | Zbkb] Call - => zb::rolw;
            Rorw     "rorw"      0x6000_503b 0xfe00_707f R      [Zbb | Zbkb] Call - => zb::rorw;
            Rori     "rori"      0x6000_5013 0xfc00_707f Shift  [Zbb | Zbkb] Call - => zb::rori;
            Roriw    "roriw"     0x6000_501b 0xfe00_707f ShiftW [Zbb | Zbkb] Call - => zb::roriw;
            OrcB     "orc.b"     0x2870_5013 0xfff0_707f Unary  [Zbb] Call - => zb::orc_b;
            Rev8     "rev8"      0x6b80_5013 0xfff0_707f Unary  [Zbb | Zbkb] Call - => zb::rev8;
            // Zbc: carry-less multiplication
            Clmul    "clmul"     0x0a00_1033 0xfe00_707f R [Zbc] Call - => zb::clmul;
            Clmulr   "clmulr"    0x0a00_2033 0xfe00_707f R [Zbc] Call - => zb::clmulr;
            Clmulh   "clmulh"    0x0a00_3033 0xfe00_707f R [Zbc] Call - => zb::clmulh;
            // Zbs: single-bit operations
            Bclr     "bclr"      0x4800_1033 0xfe00_707f R     [Zbs] Call - => zb::bclr;
            Bclri    "bclri"     0x4800_1013 0xfc00_707f Shift [Zbs] Call - => zb::bclri;
            Bext     "bext"      0x4800_5033 0xfe00_707f R     [Zbs] Call - => zb::bext;
            Bexti    "bexti"     0x4800_5013 0xfc00_707f Shift [Zbs] Call - => zb::bexti;
            Binv     "binv"      0x6800_1033 0xfe00_707f R     [Zbs] Call - => zb::binv;
            Binvi    "binvi"     0x6800_1013 0xfc00_707f Shift [Zbs] Call - => zb::binvi;
            Bset     "bset"      0x2800_1033 0xfe00_707f R     [Zbs] Call - => zb::bset;
            Bseti    "bseti"     0x2800_1013 0xfc00_707f Shift [Zbs] Call - => zb::bseti;
            // Zbkb: bit manipulation for cryptography (besides the Zbb ones above)
            Pack     "pack"      0x0800_4033 0xfe00_707f R     [Zbkb] Call - => zb::pack;
            Packh    "packh"     0x0800_7033 0xfe00_707f R     [Zbkb] Call - => zb::packh;
            Packw    "packw"     0x0800_403b 0xfe00_707f R     [Zbkb] Call - => zb::packw;
            Brev8    "brev8"     0x6870_5013 0xfff0_707f Unary [Zbkb] Call - => zb::brev8;
            // Zbkx: crossbar permutations
            Xperm4   "xperm4"    0x2800_2033 0xfe00_707f R [Zbkx] Call - => zb::xperm4;
            Xperm8   "xperm8"    0x2800_4033 0xfe00_707f R [Zbkx] Call - => zb::xperm8;
            // Zicond: conditional zeroing
            CzeroEqz "czero.eqz" 0x0e00_5033 0xfe00_707f R [Zicond] Call - => zicond::czero_eqz;
            CzeroNez "czero.nez" 0x0e00_7033 0xfe00_707f R [Zicond] Call - => zicond::czero_nez;
            // Zicbom / Zicboz: cache-block operations (`prefetch.*` of Zicbop
            // are `ori` hints: see the disassembler)
            CboInval "cbo.inval" 0x0000_200f 0xfff0_7fff Cbo [Zicbom] Call - => zicbo::cbo_inval;
            CboClean "cbo.clean" 0x0010_200f 0xfff0_7fff Cbo [Zicbom] Call - => zicbo::cbo_clean;
            CboFlush "cbo.flush" 0x0020_200f 0xfff0_7fff Cbo [Zicbom] Call - => zicbo::cbo_flush;
            CboZero  "cbo.zero"  0x0040_200f 0xfff0_7fff Cbo [Zicboz] Call - => zicbo::cbo_zero;
        }
    };
}
pub(crate) use for_each_insn;
