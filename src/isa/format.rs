//! Instruction formats: each is a list of typed operands, and each operand
//! knows where its bits live, which `Insn` field holds it, and how it is
//! written in assembly. Decoding, encoding, disassembly and the assembler
//! all walk these lists, so a new format is one line in `formats!`.

use super::csr_names::csr_name;
use super::insn::Insn;

/// One operand of an instruction, in assembly order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    /// Integer destination, bits 11:7 -> `rd`.
    XRd,
    /// Integer source, bits 19:15 -> `rs1`.
    XRs1,
    /// Integer source, bits 24:20 -> `rs2`.
    XRs2,
    /// Floating-point destination -> `rd`.
    FRd,
    /// Floating-point source, bits 19:15 -> `rs1`.
    FRs1,
    /// Floating-point source, bits 24:20 -> `rs2`.
    FRs2,
    /// Floating-point source, bits 31:27 -> `rs3` (fused multiply-add).
    FRs3,
    /// Signed 12-bit immediate, bits 31:20 -> `imm`.
    ImmI,
    /// 6-bit shift amount, bits 25:20 -> `imm` (printed in hex).
    Shamt6,
    /// 5-bit shift amount, bits 24:20 -> `imm` (printed in hex).
    Shamt5,
    /// Upper immediate, bits 31:12 -> `imm` (already shifted; printed as the field).
    ImmU,
    /// Branch offset -> `imm` (printed as the absolute target).
    BranchTarget,
    /// Jump offset -> `imm` (printed as the absolute target).
    JumpTarget,
    /// `imm(rs1)` with an I-type offset: loads, `jalr`.
    MemI,
    /// `imm(rs1)` with an S-type offset: stores.
    MemS,
    /// `(rs1)`: atomics and cache-block operations (`0(rs1)` is read too).
    AddrRs1,
    /// CSR number, bits 31:20 -> `csr` (printed by name).
    Csr,
    /// 5-bit unsigned immediate in the rs1 field -> `imm` (CSR immediates).
    Zimm,
    /// A fence's predecessor and successor sets (bits 27:20, read from `raw`).
    FenceSets,
    /// Rounding mode (bits 14:12, read from `raw`): printed as a trailing
    /// `,rne`/`,rtz`/... unless dynamic.
    Rm,
    /// The rounding mode of an exact conversion (widening, or from a 32-bit
    /// integer to double), which cannot round: printed only when it is not
    /// `rne`, as objdump prints these, and `rne` when absent.
    RmExact,
    /// Acquire/release bits (26:25, read from `raw`): a mnemonic suffix.
    AqRl,
}

/// Which register file a format's destination is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dest {
    /// No destination register.
    None,
    /// An integer register (`x`).
    X,
    /// A floating-point register (`f`).
    F,
}

macro_rules! formats {
    ($($(#[$doc:meta])* $name:ident [$($operand:ident),*];)*) => {
        /// How an instruction's operands are laid out.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Format { $($(#[$doc])* $name,)* }

        impl Format {
            /// The operands, in assembly order.
            pub const fn operands(self) -> &'static [Operand] {
                match self { $(Format::$name => &[$(Operand::$operand),*],)* }
            }
        }
    };
}

formats! {
    /// add rd,rs1,rs2
    R [XRd, XRs1, XRs2];
    /// clz rd,rs1 (the rs2 field is part of the opcode)
    Unary [XRd, XRs1];
    /// addi rd,rs1,imm
    I [XRd, XRs1, ImmI];
    /// slli rd,rs1,shamt
    Shift [XRd, XRs1, Shamt6];
    /// slliw rd,rs1,shamt
    ShiftW [XRd, XRs1, Shamt5];
    /// ld rd,imm(rs1)
    Load [XRd, MemI];
    /// sd rs2,imm(rs1)
    Store [XRs2, MemS];
    /// beq rs1,rs2,target
    Branch [XRs1, XRs2, BranchTarget];
    /// lui rd,imm20
    U [XRd, ImmU];
    /// jal rd,target
    J [XRd, JumpTarget];
    /// jalr rd,imm(rs1)
    Jalr [XRd, MemI];
    /// csrrw rd,csr,rs1
    Csr [XRd, Csr, XRs1];
    /// csrrwi rd,csr,zimm
    CsrImm [XRd, Csr, Zimm];
    /// amoadd.w.aq rd,rs2,(rs1)
    Amo [AqRl, XRd, XRs2, AddrRs1];
    /// lr.w.aq rd,(rs1)
    Lr [AqRl, XRd, AddrRs1];
    /// fence pred,succ
    Fence [FenceSets];
    /// ecall
    None [];
    /// sfence.vma rs1,rs2
    SfenceVma [XRs1, XRs2];
    /// cbo.zero (rs1)
    Cbo [AddrRs1];
    /// fadd.d fd,fs1,fs2,rm
    FpR [FRd, FRs1, FRs2, Rm];
    /// fsgnj.d fd,fs1,fs2 (no rounding mode)
    FpRNoRm [FRd, FRs1, FRs2];
    /// fmadd.d fd,fs1,fs2,fs3,rm
    FpR4 [FRd, FRs1, FRs2, FRs3, Rm];
    /// fsqrt.d fd,fs1,rm (and precision conversions)
    FpUnary [FRd, FRs1, Rm];
    /// fcvt.d.s fd,fs1 (exact: the rounding mode cannot matter)
    FpWiden [FRd, FRs1, RmExact];
    /// fcvt.w.d rd,fs1,rm
    FpToInt [XRd, FRs1, Rm];
    /// fcvt.d.w fd,rs1,rm
    IntToFp [FRd, XRs1, Rm];
    /// fcvt.d.w fd,rs1 (exact)
    IntToFpExact [FRd, XRs1, RmExact];
    /// feq.d rd,fs1,fs2
    FpCmp [XRd, FRs1, FRs2];
    /// fmv.x.d rd,fs1 / fclass.d
    FpToIntRaw [XRd, FRs1];
    /// fmv.d.x fd,rs1
    IntToFpRaw [FRd, XRs1];
    /// fld fd,imm(rs1)
    FpLoad [FRd, MemI];
    /// fsd fs2,imm(rs1)
    FpStore [FRs2, MemS];
}

impl Format {
    /// Bits of the word that no `Insn` field holds (rounding mode, aq/rl,
    /// fence sets): kept in `Insn::raw` and re-encoded from there.
    pub fn raw_bits(self) -> u32 {
        self.operands().iter().fold(0, |bits, op| {
            bits | match op {
                Operand::Rm | Operand::RmExact => 0x7000,
                Operand::AqRl => 0x0600_0000,
                Operand::FenceSets => 0x0ff0_0000,
                _ => 0,
            }
        })
    }

    /// The register file the destination is in, if there is one.
    pub fn dest(self) -> Dest {
        match self.operands().first() {
            Some(Operand::XRd) => Dest::X,
            Some(Operand::FRd) => Dest::F,
            Some(Operand::AqRl) => Dest::X,
            _ => Dest::None,
        }
    }

    /// The format reads memory at `x[rs1] + imm`.
    pub fn has_offset_address(self) -> bool {
        self.operands().iter().any(|o| matches!(o, Operand::MemI | Operand::MemS))
    }
}

// --- Immediate layouts --------------------------------------------------

fn i_imm(raw: u32) -> i64 {
    (raw as i32 >> 20) as i64
}

fn s_imm(raw: u32) -> i64 {
    ((raw as i32 >> 25) << 5 | (raw >> 7 & 0x1f) as i32) as i64
}

fn b_imm(raw: u32) -> i64 {
    let sign = (raw as i32 >> 31) << 12;
    let b11 = (raw >> 7 & 1) << 11;
    let b10_5 = (raw >> 25 & 0x3f) << 5;
    let b4_1 = (raw >> 8 & 0xf) << 1;
    (sign | (b11 | b10_5 | b4_1) as i32) as i64
}

fn j_imm(raw: u32) -> i64 {
    let sign = (raw as i32 >> 31) << 20;
    let b19_12 = raw & 0x000f_f000;
    let b11 = (raw >> 20 & 1) << 11;
    let b10_1 = (raw >> 21 & 0x3ff) << 1;
    (sign | (b19_12 | b11 | b10_1) as i32) as i64
}

fn place_s(imm: u32) -> u32 {
    (imm & 0x1f) << 7 | (imm >> 5 & 0x7f) << 25
}

fn place_b(imm: u32) -> u32 {
    (imm >> 12 & 1) << 31 | (imm >> 5 & 0x3f) << 25 | (imm >> 1 & 0xf) << 8 | (imm >> 11 & 1) << 7
}

fn place_j(imm: u32) -> u32 {
    (imm >> 20 & 1) << 31
        | (imm >> 1 & 0x3ff) << 21
        | (imm >> 11 & 1) << 20
        | (imm >> 12 & 0xff) << 12
}

fn reg(raw: u32, lo: u32) -> u8 {
    (raw >> lo & 31) as u8
}

impl Operand {
    /// Fill this operand's `Insn` field from the instruction word.
    pub fn decode(self, raw: u32, insn: &mut Insn) {
        use Operand::*;
        match self {
            XRd | FRd => insn.rd = reg(raw, 7),
            XRs1 | FRs1 | AddrRs1 => insn.rs1 = reg(raw, 15),
            XRs2 | FRs2 => insn.rs2 = reg(raw, 20),
            FRs3 => insn.rs3 = reg(raw, 27),
            ImmI => insn.imm = i_imm(raw),
            Shamt6 => insn.imm = (raw >> 20 & 0x3f) as i64,
            Shamt5 => insn.imm = (raw >> 20 & 0x1f) as i64,
            ImmU => insn.imm = (raw & 0xffff_f000) as i32 as i64,
            BranchTarget => insn.imm = b_imm(raw),
            JumpTarget => insn.imm = j_imm(raw),
            MemI => (insn.imm, insn.rs1) = (i_imm(raw), reg(raw, 15)),
            MemS => (insn.imm, insn.rs1) = (s_imm(raw), reg(raw, 15)),
            Csr => insn.csr = (raw >> 20) as u16,
            Zimm => insn.imm = (raw >> 15 & 31) as i64,
            FenceSets | Rm | RmExact | AqRl => {}
        }
    }

    /// This operand's bits, placed where the word keeps them.
    pub fn encode(self, insn: &Insn) -> u32 {
        use Operand::*;
        let r = |v: u8, lo: u32| (v as u32 & 31) << lo;
        let imm = insn.imm as u32;
        match self {
            XRd | FRd => r(insn.rd, 7),
            XRs1 | FRs1 | AddrRs1 => r(insn.rs1, 15),
            XRs2 | FRs2 => r(insn.rs2, 20),
            FRs3 => r(insn.rs3, 27),
            ImmI => (imm & 0xfff) << 20,
            Shamt6 => (imm & 0x3f) << 20,
            Shamt5 => (imm & 0x1f) << 20,
            ImmU => imm & 0xffff_f000,
            BranchTarget => place_b(imm),
            JumpTarget => place_j(imm),
            MemI => (imm & 0xfff) << 20 | r(insn.rs1, 15),
            MemS => place_s(imm) | r(insn.rs1, 15),
            Csr => (insn.csr as u32 & 0xfff) << 20,
            Zimm => (imm & 31) << 15,
            FenceSets => insn.raw & 0x0ff0_0000,
            Rm | RmExact => insn.raw & 0x7000,
            AqRl => insn.raw & 0x0600_0000,
        }
    }

    /// The operand as assembly text (`None`: nothing to print, as for a
    /// dynamic rounding mode or the aq/rl bits). `target` prints a
    /// pc-relative offset as an address.
    pub fn render(self, insn: &Insn, target: &dyn Fn(i64) -> String) -> Option<String> {
        use Operand::*;
        let (rd, rs1, rs2, imm) = (insn.rd, insn.rs1, insn.rs2, insn.imm);
        Some(match self {
            XRd => x(rd).into(),
            XRs1 => x(rs1).into(),
            XRs2 => x(rs2).into(),
            FRd => f(rd).into(),
            FRs1 => f(rs1).into(),
            FRs2 => f(rs2).into(),
            FRs3 => f(insn.rs3).into(),
            ImmI | Zimm => imm.to_string(),
            Shamt6 | Shamt5 => format!("0x{imm:x}"),
            ImmU => format!("0x{:x}", (imm >> 12) & 0xfffff),
            BranchTarget | JumpTarget => target(imm),
            MemI | MemS => format!("{}({})", imm, x(rs1)),
            AddrRs1 => format!("({})", x(rs1)),
            Csr => csr_text(insn.csr),
            FenceSets => {
                let (pred, succ) = insn.fence_sets();
                format!("{},{}", fence_set(pred), fence_set(succ))
            }
            Rm => match insn.rm() {
                7 => return None,
                rm => ROUNDING[rm as usize].into(),
            },
            RmExact => match insn.rm() {
                0 => return None,
                7 => "dyn".into(),
                rm => ROUNDING[rm as usize].into(),
            },
            AqRl => return None,
        })
    }

    /// Read this operand from the front of `tokens` (assembly operands split
    /// at commas) into `insn`; `None` if they do not fit.
    pub fn parse(self, tokens: &mut &[&str], insn: &mut Insn, pc: u64) -> Option<()> {
        use Operand::*;
        // Operands that may be absent or are not comma-separated tokens.
        match self {
            AqRl => return Some(()),
            Rm | RmExact => {
                let named = tokens.first().and_then(|&t| match t {
                    "dyn" => Some(7),
                    _ => ROUNDING.iter().position(|&r| r == t).map(|rm| rm as u32),
                });
                let rm = match named {
                    Some(rm) => {
                        *tokens = &tokens[1..];
                        rm
                    }
                    None if self == RmExact => 0,
                    None => 7,
                };
                insn.raw = insn.raw & !0x7000 | rm << 12;
                return Some(());
            }
            FenceSets => {
                let [pred, succ, rest @ ..] = *tokens else { return None };
                *tokens = rest;
                let sets = parse_fence_set(pred)? << 4 | parse_fence_set(succ)?;
                insn.raw = insn.raw & !0x0ff0_0000 | sets << 20;
                return Some(());
            }
            _ => {}
        }
        let (&token, rest) = tokens.split_first()?;
        *tokens = rest;
        let target = |s: &str| u64::from_str_radix(s, 16).ok().map(|t| t.wrapping_sub(pc) as i64);
        match self {
            XRd => insn.rd = xreg(token)?,
            XRs1 => insn.rs1 = xreg(token)?,
            XRs2 => insn.rs2 = xreg(token)?,
            FRd => insn.rd = freg(token)?,
            FRs1 => insn.rs1 = freg(token)?,
            FRs2 => insn.rs2 = freg(token)?,
            FRs3 => insn.rs3 = freg(token)?,
            ImmI | Zimm | Shamt6 | Shamt5 => insn.imm = number(token)?,
            ImmU => insn.imm = number(token)? << 12,
            BranchTarget | JumpTarget => insn.imm = target(token)?,
            MemI | MemS => {
                let (imm, reg) = token.split_once('(')?;
                insn.imm = number(imm)?;
                insn.rs1 = xreg(reg.strip_suffix(')')?)?;
            }
            AddrRs1 => {
                let inner = token.strip_prefix("0(").or(token.strip_prefix('('))?;
                insn.rs1 = xreg(inner.strip_suffix(')')?)?;
            }
            Csr => insn.csr = parse_csr(token)?,
            AqRl | Rm | RmExact | FenceSets => unreachable!("handled above"),
        }
        Some(())
    }
}

// --- Assembly spellings -------------------------------------------------

/// ABI names of the integer registers.
pub const XREG_NAMES: [&str; 32] = [
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4",
    "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
    "t5", "t6",
];

/// ABI names of the floating-point registers.
pub const FREG_NAMES: [&str; 32] = [
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2",
    "fa3", "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9",
    "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
];

/// Static rounding modes as objdump prints them (7, dynamic, prints nothing).
pub const ROUNDING: [&str; 7] = ["rne", "rtz", "rdn", "rup", "rmm", "rm5", "rm6"];

/// ABI name of integer register `r` (its low 5 bits).
pub fn x(r: u8) -> &'static str {
    XREG_NAMES[r as usize & 31]
}

/// ABI name of floating-point register `r` (its low 5 bits).
pub fn f(r: u8) -> &'static str {
    FREG_NAMES[r as usize & 31]
}

/// The integer register with ABI name `s` (`"a0"` -> 10); `None` if none.
pub fn xreg(s: &str) -> Option<u8> {
    XREG_NAMES.iter().position(|n| *n == s).map(|i| i as u8)
}

/// The floating-point register with ABI name `s` (`"fa0"` -> 10); `None` if none.
pub fn freg(s: &str) -> Option<u8> {
    FREG_NAMES.iter().position(|n| *n == s).map(|i| i as u8)
}

/// A decimal or `0x` hex number, optionally negative.
pub fn number(s: &str) -> Option<i64> {
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

/// A CSR as assembly writes it: its name, or its number in hex if it has none.
pub fn csr_text(num: u16) -> String {
    csr_name(num).unwrap_or_else(|| format!("0x{num:x}"))
}

fn parse_csr(s: &str) -> Option<u16> {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static BY_NAME: OnceLock<HashMap<String, u16>> = OnceLock::new();
    let names = BY_NAME.get_or_init(|| (0..4096).filter_map(|n| Some((csr_name(n)?, n))).collect());
    number(s).map(|n| n as u16 & 0xfff).or_else(|| names.get(s).copied())
}

/// `iorw`-style text for a 4-bit fence set.
pub fn fence_set(bits: u8) -> String {
    if bits == 0 {
        return "0".into();
    }
    ["i", "o", "r", "w"]
        .iter()
        .enumerate()
        .filter(|(i, _)| bits >> (3 - i) & 1 != 0)
        .map(|(_, s)| *s)
        .collect()
}

fn parse_fence_set(s: &str) -> Option<u32> {
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
