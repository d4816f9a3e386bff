//! `Insn` -> objdump-style assembly text, using the same pseudo-instructions
//! GNU objdump prints (`li`, `mv`, `j`, `ret`, `csrr`, ...), so a student can
//! compare hartsim's output with the compiler's listing line by line.

use super::decode::decode_any;
use super::format::{csr_text as csr, f, x};
use super::insn::{Insn, insn_len};
use super::isa_string::ExtSet;
use super::op::Op;
use super::rvc::{CLayout, expand_with_form};

pub use super::format::{FREG_NAMES, XREG_NAMES};

/// Finds a label for an address (e.g. `<main+0x10>`); return `None` for none.
pub type SymbolLookup<'a> = &'a dyn Fn(u64) -> Option<String>;

/// One instruction found by `instructions`.
#[derive(Debug, Clone, Copy)]
pub struct Listed {
    /// Its address.
    pub pc: u64,
    /// The instruction's bits (a 16-bit one in the low half).
    pub raw: u32,
    /// 2 or 4.
    pub len: usize,
    /// The instruction decoded (`Op::Illegal` if it is none).
    pub insn: Insn,
}

/// The instructions in `code`, loaded at `base`, decoded for `exts` in
/// order; stops at a trailing fragment too short for its instruction.
pub fn instructions(code: &[u8], base: u64, exts: ExtSet) -> impl Iterator<Item = Listed> + '_ {
    let mut off = 0usize;
    std::iter::from_fn(move || {
        let low = u16::from_le_bytes([*code.get(off)?, *code.get(off + 1)?]);
        let len = insn_len(low) as usize;
        let bytes = code.get(off..off + len)?;
        let mut word = [0u8; 4];
        word[..len].copy_from_slice(bytes);
        let raw = u32::from_le_bytes(word);
        let listed = Listed { pc: base + off as u64, raw, len, insn: decode_any(raw, exts) };
        off += len;
        Some(listed)
    })
}

/// Disassemble `insn` located at `pc`. Branch and jump targets are printed as
/// absolute addresses, followed by `<label>` when `symbols` knows one.
pub fn disassemble(insn: &Insn, pc: u64, symbols: SymbolLookup) -> String {
    render(insn, pc, symbols, true)
}

/// Like `disassemble`, but without pseudo-instructions or symbol labels: one
/// spelling per encoding, which `asm::assemble` reads back.
pub fn disassemble_canonical(insn: &Insn, pc: u64) -> String {
    render(insn, pc, &|_| None, false)
}

fn render(insn: &Insn, pc: u64, symbols: SymbolLookup, aliases: bool) -> String {
    let target = |off: i64| {
        let t = pc.wrapping_add(off as u64);
        match symbols(t) {
            Some(label) => format!("{t:x} <{label}>"),
            None => format!("{t:x}"),
        }
    };
    if insn.len == 2 {
        return compressed(insn, &target, aliases);
    }
    if insn.op == Op::Illegal {
        return format!(".4byte  0x{:x}", insn.raw);
    }
    if aliases && let Some(alias) = pseudo(insn, &target) {
        return alias;
    }
    let format = insn.op.format();
    let name = if format.operands().contains(&super::format::Operand::AqRl) {
        amo_name(insn)
    } else {
        insn.op.name().to_string()
    };
    // objdump writes `fence` alone for `fence iorw,iorw`.
    if aliases && insn.op == Op::Fence && insn.fence_sets() == (0xf, 0xf) {
        return name;
    }
    let ops: Vec<String> =
        format.operands().iter().filter_map(|o| o.render(insn, &target)).collect();
    if ops.is_empty() { name } else { format!("{name:<7} {}", ops.join(",")) }
}

fn amo_name(insn: &Insn) -> String {
    let (aq, rl) = insn.aq_rl();
    let suffix = match (aq, rl) {
        (true, true) => ".aqrl",
        (true, false) => ".aq",
        (false, true) => ".rl",
        (false, false) => "",
    };
    format!("{}{}", insn.op.name(), suffix)
}

/// A compressed instruction with its `c.` mnemonic, as `objdump -M no-aliases` prints it.
fn compressed(insn: &Insn, target: &dyn Fn(i64) -> String, aliases: bool) -> String {
    let Some((name, layout)) = expand_with_form(insn.raw as u16).1 else {
        return format!(".2byte  0x{:x}", insn.raw);
    };
    let (rd, rs1, rs2, imm) = (insn.rd, insn.rs1, insn.rs2, insn.imm);
    if aliases && name == "c.add" && rd == 0 && (2..=5).contains(&rs2) {
        return ["c.ntl.p1", "c.ntl.pall", "c.ntl.s1", "c.ntl.all"][rs2 as usize - 2].into();
    }
    let ops = match layout {
        CLayout::None => return name.to_string(),
        CLayout::RdImm => format!("{},{}", x(rd), imm),
        CLayout::RdShamt => format!("{},0x{:x}", x(rd), imm),
        CLayout::RdUpper => format!("{},0x{:x}", x(rd), (imm >> 12) & 0xfffff),
        CLayout::SpImm => format!("sp,{imm}"),
        CLayout::RdSpImm => format!("{},sp,{}", x(rd), imm),
        CLayout::RdRs2 => format!("{},{}", x(rd), x(rs2)),
        CLayout::Load { float } => {
            format!("{},{}({})", if float { f(rd) } else { x(rd) }, imm, x(rs1))
        }
        CLayout::Store { float } => {
            format!("{},{}({})", if float { f(rs2) } else { x(rs2) }, imm, x(rs1))
        }
        CLayout::Jump => target(imm),
        CLayout::Rs1 => x(rs1).to_string(),
        CLayout::BranchZ => format!("{},{}", x(rs1), target(imm)),
    };
    format!("{name:<7} {ops}")
}

/// The objdump pseudo-instruction for `insn`, if it has one.
fn pseudo(insn: &Insn, target: &dyn Fn(i64) -> String) -> Option<String> {
    let (rd, rs1, rs2, imm) = (insn.rd, insn.rs1, insn.rs2, insn.imm);
    let two = |m: &str, a: &str, b: &str| Some(format!("{m:<7} {a},{b}"));
    let one = |m: &str, a: &str| Some(format!("{m:<7} {a}"));
    match insn.op {
        Op::Addi if rd == 0 && rs1 == 0 && imm == 0 => Some("nop".into()),
        Op::Addi if rs1 == 0 => two("li", x(rd), &imm.to_string()),
        Op::Addi if imm == 0 => two("mv", x(rd), x(rs1)),
        Op::Addiw if imm == 0 => two("sext.w", x(rd), x(rs1)),
        Op::Xori if imm == -1 => two("not", x(rd), x(rs1)),
        Op::Sub if rs1 == 0 => two("neg", x(rd), x(rs2)),
        Op::Subw if rs1 == 0 => two("negw", x(rd), x(rs2)),
        Op::Sltiu if imm == 1 => two("seqz", x(rd), x(rs1)),
        Op::Sltu if rs1 == 0 => two("snez", x(rd), x(rs2)),
        Op::Slt if rs2 == 0 => two("sltz", x(rd), x(rs1)),
        Op::Slt if rs1 == 0 => two("sgtz", x(rd), x(rs2)),
        Op::Beq if rs2 == 0 => two("beqz", x(rs1), &target(imm)),
        Op::Bne if rs2 == 0 => two("bnez", x(rs1), &target(imm)),
        Op::Bge if rs1 == 0 => two("blez", x(rs2), &target(imm)),
        Op::Bge if rs2 == 0 => two("bgez", x(rs1), &target(imm)),
        Op::Blt if rs2 == 0 => two("bltz", x(rs1), &target(imm)),
        Op::Blt if rs1 == 0 => two("bgtz", x(rs2), &target(imm)),
        Op::Jal if rd == 0 => one("j", &target(imm)),
        Op::Jal if rd == 1 => one("jal", &target(imm)),
        Op::Jalr if rd == 0 && rs1 == 1 && imm == 0 => Some("ret".into()),
        Op::Jalr if rd == 0 && imm == 0 => one("jr", x(rs1)),
        Op::Jalr if rd == 1 && imm == 0 => one("jalr", x(rs1)),
        Op::Csrrw if insn.raw == 0xc000_1073 => Some("unimp".into()),
        Op::Csrrs if rs1 == 0 => two("csrr", x(rd), &csr(insn.csr)),
        Op::Csrrw if rd == 0 => two("csrw", &csr(insn.csr), x(rs1)),
        Op::Csrrs if rd == 0 => two("csrs", &csr(insn.csr), x(rs1)),
        Op::Csrrc if rd == 0 => two("csrc", &csr(insn.csr), x(rs1)),
        Op::Csrrwi if rd == 0 => two("csrwi", &csr(insn.csr), &imm.to_string()),
        Op::Csrrsi if rd == 0 => two("csrsi", &csr(insn.csr), &imm.to_string()),
        Op::Csrrci if rd == 0 => two("csrci", &csr(insn.csr), &imm.to_string()),
        // Hints: Zihintpause, Zihintntl, Zicbop.
        Op::Fence if insn.raw == 0x0100_000f => Some("pause".into()),
        Op::Add if rd == 0 && rs1 == 0 && (2..=5).contains(&rs2) => {
            Some(["ntl.p1", "ntl.pall", "ntl.s1", "ntl.all"][rs2 as usize - 2].into())
        }
        Op::Ori if rd == 0 && matches!(imm & 31, 0 | 1 | 3) => {
            let kind = ["prefetch.i", "prefetch.r", "", "prefetch.w"][(imm & 31) as usize];
            Some(format!("{kind:<7} {}({})", imm & !31, x(rs1)))
        }
        Op::AddUw if rs2 == 0 => two("zext.w", x(rd), x(rs1)),
        Op::FsgnjS if rs1 == rs2 => two("fmv.s", f(rd), f(rs1)),
        Op::FsgnjnS if rs1 == rs2 => two("fneg.s", f(rd), f(rs1)),
        Op::FsgnjxS if rs1 == rs2 => two("fabs.s", f(rd), f(rs1)),
        Op::FsgnjD if rs1 == rs2 => two("fmv.d", f(rd), f(rs1)),
        Op::FsgnjnD if rs1 == rs2 => two("fneg.d", f(rd), f(rs1)),
        Op::FsgnjxD if rs1 == rs2 => two("fabs.d", f(rd), f(rs1)),
        Op::FsgnjH if rs1 == rs2 => two("fmv.h", f(rd), f(rs1)),
        Op::FsgnjnH if rs1 == rs2 => two("fneg.h", f(rd), f(rs1)),
        Op::FsgnjxH if rs1 == rs2 => two("fabs.h", f(rd), f(rs1)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::isa::decode::decode;

    fn dis(raw: u32, pc: u64) -> String {
        disassemble(&decode(raw), pc, &|a| (a == 0x8000_0048).then(|| "reset_vector".into()))
    }

    #[test]
    fn prints_like_objdump() {
        assert_eq!(dis(0x0480_006f, 0x8000_0000), "j       80000048 <reset_vector>");
        assert_eq!(dis(0x0000_0297, 0x8000_0000), "auipc   t0,0x0");
        assert_eq!(dis(0xfff5_0513, 0), "addi    a0,a0,-1");
        assert_eq!(dis(0x0050_0513, 0), "li      a0,5");
        assert_eq!(dis(0x0011_3423, 0), "sd      ra,8(sp)");
        assert_eq!(dis(0x0000_8067, 0), "ret");
        assert_eq!(dis(0xf140_2573, 0), "csrr    a0,mhartid");
        assert_eq!(dis(0x3052_9073, 0), "csrw    mtvec,t0");
        assert_eq!(dis(0x0ff0_000f, 0), "fence");
        assert_eq!(dis(0x0000_0073, 0), "ecall");
        assert_eq!(dis(0x04c5_a5af, 0), "amoadd.w.aq a1,a2,(a1)");
        assert_eq!(dis(0x02f5_1513, 0), "slli    a0,a0,0x2f");
        assert_eq!(dis(0xc000_1073, 0), "unimp");
        assert_eq!(dis(0x0000_0000, 0), ".4byte  0x0");
        assert_eq!(dis(0x02c5_8553, 0), "fadd.d  fa0,fa1,fa2,rne");
        assert_eq!(dis(0x02c5_f553, 0), "fadd.d  fa0,fa1,fa2");
        assert_eq!(dis(0xc005_1553, 0), "fcvt.w.s a0,fa0,rtz");
        assert_eq!(dis(0x0085_3507, 0), "fld     fa0,8(a0)");
        assert_eq!(dis(0x22a5_0553, 0), "fmv.d   fa0,fa0");
        assert_eq!(dis(0x6ac5_f543, 0), "fmadd.d fa0,fa1,fa2,fa3");
    }

    /// The extensions, as GNU objdump 2.40 prints them, except where it
    /// prints an immediate form with the register form's mnemonic
    /// (`ror a0,a0,0x3` for `rori`) or does not know the extension yet
    /// (Zihintntl, Zicond: it prints the `add` / `.4byte`).
    #[test]
    fn prints_extensions_like_objdump() {
        for (raw, text) in [
            (0x08c5_873b, "add.uw  a4,a1,a2"),
            (0x0800_813b, "zext.w  sp,ra"),
            (0x20c5_e73b, "sh3add.uw a4,a1,a2"),
            (0x0806_971b, "slli.uw a4,a3,0x0"),
            (0x40c5_f733, "andn    a4,a1,a2"),
            (0x6000_971b, "clzw    a4,ra"),
            (0x6020_9713, "cpop    a4,ra"),
            (0x0ac5_d733, "minu    a4,a1,a2"),
            (0x2870_d713, "orc.b   a4,ra"),
            (0x6b80_d713, "rev8    a4,ra"),
            (0x6050_9713, "sext.h  a4,ra"),
            (0x0800_c73b, "zext.h  a4,ra"),
            (0x6035_5513, "rori    a0,a0,0x3"),
            (0x0ac5_b733, "clmulh  a4,a1,a2"),
            (0x6870_d713, "brev8   a4,ra"),
            (0x08c5_f733, "packh   a4,a1,a2"),
            (0x08c5_c73b, "packw   a4,a1,a2"),
            (0x28c5_c733, "xperm8  a4,a1,a2"),
            (0x48c5_d733, "bext    a4,a1,a2"),
            (0x4835_1513, "bclri   a0,a0,0x3"),
            (0x0005_1507, "flh     fa0,0(a0)"),
            (0x0015_9a27, "fsh     ft1,20(a1)"),
            (0x04b5_76d3, "fadd.h  fa3,fa0,fa1"),
            (0x64b5_76cf, "fnmadd.h fa3,fa0,fa1,fa2"),
            (0xe406_8553, "fmv.x.h a0,fa3"),
            (0xd435_7553, "fcvt.h.lu fa0,a0"),
            (0x4025_06d3, "fcvt.s.h fa3,fa0"),
            (0x4225_06d3, "fcvt.d.h fa3,fa0"),
            (0x4416_f6d3, "fcvt.h.d fa3,fa3"),
            (0xc435_1553, "fcvt.lu.h a0,fa0,rtz"),
            (0x24a5_1553, "fneg.h  fa0,fa0"),
            (0xe405_1553, "fclass.h a0,fa0"),
            (0x0045_200f, "cbo.zero (a0)"),
            (0x0015_200f, "cbo.clean (a0)"),
            (0x0100_000f, "pause"),
            (0x0235_6013, "prefetch.w 32(a0)"),
            (0x0005_6013, "prefetch.i 0(a0)"),
            (0x0050_0033, "ntl.all"),
            (0x0ec5_d533, "czero.eqz a0,a1,a2"),
        ] {
            assert_eq!(dis(raw, 0), text, "{raw:#010x}");
        }
        // The exact conversions print a rounding mode only when it is not rne.
        assert_eq!(dis(0x4205_9553, 0), "fcvt.d.s fa0,fa1,rtz");
        assert_eq!(dis(0xd205_8553, 0), "fcvt.d.w fa0,a1");
    }

    fn dis16(raw: u16, pc: u64) -> String {
        disassemble(&crate::isa::rvc::expand(raw), pc, &|_| None)
    }

    #[test]
    fn prints_compressed_mnemonics() {
        assert_eq!(dis16(0x4501, 0), "c.li    a0,0");
        assert_eq!(dis16(0x1141, 0), "c.addi  sp,-16");
        assert_eq!(dis16(0xe406, 0), "c.sdsp  ra,8(sp)");
        assert_eq!(dis16(0x8082, 0), "c.jr    ra");
        assert_eq!(dis16(0x0808, 0), "c.addi4spn a0,sp,16");
        assert_eq!(dis16(0x6505, 0), "c.lui   a0,0x1");
        assert_eq!(dis16(0x2188, 0), "c.fld   fa0,0(a1)");
        assert_eq!(dis16(0xa001, 0x100), "c.j     100");
        assert_eq!(dis16(0x9002, 0), "c.ebreak");
        assert_eq!(dis16(0x0000, 0), ".2byte  0x0");
    }
}
