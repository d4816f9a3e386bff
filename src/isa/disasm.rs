//! `Insn` -> objdump-style assembly text, using the same pseudo-instructions
//! GNU objdump prints (`li`, `mv`, `j`, `ret`, `csrr`, ...), so a student can
//! compare hartsim's output with the compiler's listing line by line.

use super::csr_names::csr_name;
use super::decode::Insn;
use super::rvc::{CLayout, expand_with_form};
use super::table::{Format, Op};

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

fn x(r: u8) -> &'static str {
    XREG_NAMES[r as usize & 31]
}

fn f(r: u8) -> &'static str {
    FREG_NAMES[r as usize & 31]
}

/// `,rtz` and friends: objdump shows a static rounding mode, not the dynamic one.
fn rm_suffix(insn: &Insn) -> String {
    match insn.rm() {
        7 => String::new(),
        rm => format!(",{}", ["rne", "rtz", "rdn", "rup", "rmm", "rm5", "rm6"][rm as usize]),
    }
}

fn csr(num: i64) -> String {
    csr_name(num as u16).unwrap_or_else(|| format!("0x{num:x}"))
}

/// Finds a label for an address (e.g. `<main+0x10>`); return `None` for none.
pub type SymbolLookup<'a> = &'a dyn Fn(u64) -> Option<String>;

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
    let (rd, rs1, rs2, imm) = (insn.rd, insn.rs1, insn.rs2, insn.imm);
    if insn.len == 2 {
        return compressed(insn, &target);
    }
    if aliases && let Some(alias) = pseudo(insn, &target) {
        return alias;
    }
    let name = insn.op.name();
    let ops = match insn.op.format() {
        Format::R => format!("{},{},{}", x(rd), x(rs1), x(rs2)),
        Format::I => format!("{},{},{}", x(rd), x(rs1), imm),
        Format::Shift | Format::ShiftW => format!("{},{},0x{:x}", x(rd), x(rs1), imm),
        Format::Load | Format::Jalr => format!("{},{}({})", x(rd), imm, x(rs1)),
        Format::Store => format!("{},{}({})", x(rs2), imm, x(rs1)),
        Format::Branch => format!("{},{},{}", x(rs1), x(rs2), target(imm)),
        Format::U => format!("{},0x{:x}", x(rd), (imm >> 12) & 0xfffff),
        Format::J => format!("{},{}", x(rd), target(imm)),
        Format::Csr => format!("{},{},{}", x(rd), csr(imm), x(rs1)),
        Format::CsrImm => format!("{},{},{}", x(rd), csr(imm), rs1),
        Format::Amo => {
            return format!("{:<7} {},{},({})", amo_name(insn), x(rd), x(rs2), x(rs1));
        }
        Format::Lr => return format!("{:<7} {},({})", amo_name(insn), x(rd), x(rs1)),
        Format::Fence => fence_sets(imm, aliases),
        Format::None => String::new(),
        Format::SfenceVma => format!("{},{}", x(rs1), x(rs2)),
        Format::FpR => format!("{},{},{}{}", f(rd), f(rs1), f(rs2), rm_suffix(insn)),
        Format::FpRNoRm => format!("{},{},{}", f(rd), f(rs1), f(rs2)),
        Format::FpR4 => {
            format!("{},{},{},{}{}", f(rd), f(rs1), f(rs2), f(imm as u8), rm_suffix(insn))
        }
        Format::FpUnary => format!("{},{}{}", f(rd), f(rs1), rm_suffix(insn)),
        Format::FpToInt => format!("{},{}{}", x(rd), f(rs1), rm_suffix(insn)),
        Format::IntToFp => format!("{},{}{}", f(rd), x(rs1), rm_suffix(insn)),
        Format::FpCmp => format!("{},{},{}", x(rd), f(rs1), f(rs2)),
        Format::FpToIntRaw => format!("{},{}", x(rd), f(rs1)),
        Format::IntToFpRaw => format!("{},{}", f(rd), x(rs1)),
        Format::FpLoad => format!("{},{}({})", f(rd), imm, x(rs1)),
        Format::FpStore => format!("{},{}({})", f(rs2), imm, x(rs1)),
    };
    if insn.op == Op::Illegal {
        return if insn.len == 2 {
            format!(".2byte  0x{:x}", insn.raw)
        } else {
            format!(".4byte  0x{:x}", insn.raw)
        };
    }
    if ops.is_empty() { name.to_string() } else { format!("{name:<7} {ops}") }
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

fn fence_sets(imm: i64, aliases: bool) -> String {
    let set = |bits: i64| -> String {
        if bits == 0 {
            return "0".into();
        }
        ["i", "o", "r", "w"]
            .iter()
            .enumerate()
            .filter(|(i, _)| bits >> (3 - i) & 1 != 0)
            .map(|(_, s)| *s)
            .collect()
    };
    let (pred, succ) = (imm >> 4 & 0xf, imm & 0xf);
    if aliases && pred == 0xf && succ == 0xf {
        String::new()
    } else {
        format!("{},{}", set(pred), set(succ))
    }
}

/// A compressed instruction with its `c.` mnemonic, as `objdump -M no-aliases` prints it.
fn compressed(insn: &Insn, target: &dyn Fn(i64) -> String) -> String {
    let Some((name, layout)) = expand_with_form(insn.raw as u16).1 else {
        return format!(".2byte  0x{:x}", insn.raw);
    };
    let (rd, rs1, rs2, imm) = (insn.rd, insn.rs1, insn.rs2, insn.imm);
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
        Op::Csrrs if rs1 == 0 => two("csrr", x(rd), &csr(imm)),
        Op::Csrrw if rd == 0 => two("csrw", &csr(imm), x(rs1)),
        Op::Csrrs if rd == 0 => two("csrs", &csr(imm), x(rs1)),
        Op::Csrrc if rd == 0 => two("csrc", &csr(imm), x(rs1)),
        Op::Csrrwi if rd == 0 => two("csrwi", &csr(imm), &rs1.to_string()),
        Op::Csrrsi if rd == 0 => two("csrsi", &csr(imm), &rs1.to_string()),
        Op::Csrrci if rd == 0 => two("csrci", &csr(imm), &rs1.to_string()),
        Op::FsgnjS if rs1 == rs2 => two("fmv.s", f(rd), f(rs1)),
        Op::FsgnjnS if rs1 == rs2 => two("fneg.s", f(rd), f(rs1)),
        Op::FsgnjxS if rs1 == rs2 => two("fabs.s", f(rd), f(rs1)),
        Op::FsgnjD if rs1 == rs2 => two("fmv.d", f(rd), f(rs1)),
        Op::FsgnjnD if rs1 == rs2 => two("fneg.d", f(rd), f(rs1)),
        Op::FsgnjxD if rs1 == rs2 => two("fabs.d", f(rd), f(rs1)),
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
