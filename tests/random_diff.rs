//! Random-program differential test against QEMU. Each case is a program of
//! random user-level instructions (RV64GC with the FP CSRs, and the Zb*, Zfh
//! and hint extensions QEMU 7.2 also has; random registers and immediates; memory accesses confined to a scratch
//! area addressed through sp; forward-only branches and jumps), wrapped in a
//! prologue that seeds every x and f register and fcsr, and an epilogue that
//! prints the scratch area, every register, fcsr and a log of the traps taken
//! (a handler skips trapping instructions). The same ELF runs on
//! `qemu-system-riscv64 -machine virt -bios none` and on hartsim, and the
//! outputs must be identical. A failure shrinks to a minimal program and is
//! reported disassembled, with the first differing value.
//!
//! The same bodies also run in S and in U mode under Sv39 and PMP, with
//! events between instructions that remap pages and fence them (vm.rs).
//!
//! CI runs 2,000 programs of 200 instructions in M mode and 300 in each of
//! S and U mode, from a fixed seed (200 and 40 outside CI); `PROPTEST_CASES`
//! sets all three counts. Without QEMU the tests say they skipped (in CI
//! they fail).

mod common;
#[path = "random_diff/vm.rs"]
mod vm;

use hartsim::isa::disasm::disassemble_canonical;
use hartsim::isa::encode::encode;
use hartsim::isa::rvc;
use hartsim::isa::{Ext, ExtSet, Format, Insn, Op, table::TABLE};
use hartsim::{ConsoleInput, Machine, MachineConfig, RunOutcome};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const LOAD_ADDR: u64 = 0x8000_0000;
/// Data lives 64 KiB above the code.
const DATA: u64 = LOAD_ADDR + 0x1_0000;
const SCRATCH_BYTES: u64 = 1024;
/// sp points at the scratch area; the dump of registers follows it.
const DUMP: i64 = SCRATCH_BYTES as i64;
const X_SLOTS: i64 = 31;
const F_SLOTS: i64 = 32;
const FCSR_SLOT: i64 = DUMP + 8 * (X_SLOTS + F_SLOTS);
/// The trap record: 3 saved registers, a count, 16 causes, 16 trap values.
const RECORD: i64 = FCSR_SLOT + 8;
const RECORD_WORDS: i64 = 3 + 1 + 16 + 16;
const PRINTED_WORDS: i64 = (RECORD + 8 * RECORD_WORDS) / 8;
const SEEDS: u64 = DATA + 0x2000;
const PROGRAM_LEN: usize = 200;

/// Register numbers.
const SP: u8 = 2;
const T0: u8 = 5;
const X28: u8 = 28;
const X29: u8 = 29;
const X30: u8 = 30;
const X31: u8 = 31;

/// One generated instruction before layout: branch and jump targets are
/// instruction indices, resolved to byte offsets once sizes are known.
#[derive(Clone, Debug)]
enum Gen {
    Full(Insn),
    /// A branch or jal to `skip` instructions ahead.
    Forward(Insn, usize),
    Compressed(u16),
    /// In S/U mode: ask the M-mode helper to perform event `n` (vm.rs).
    Event(usize),
}

/// Operations the generator picks from: every user-level instruction except
/// indirect jumps (jalr), the privileged ones, those QEMU 7.2 lacks (Zicbo*,
/// which the official rv64mzicbo test covers) and those it gets wrong or lacks
/// that `instructions_qemu_cannot_judge_match_their_definitions` checks.
fn generated_ops() -> Vec<Op> {
    TABLE
        .iter()
        .map(|s| s.op)
        .filter(|op| !matches!(op, Op::Jalr | Op::Mret | Op::Sret | Op::Wfi | Op::SfenceVma))
        .filter(|op| {
            let requires = op.spec().unwrap().requires;
            !requires.met_by(ExtSet::of(&[Ext::Zicbom, Ext::Zicboz]))
                && !definitions().iter().any(|(checked, _)| checked == op)
        })
        .collect()
}

/// The extensions hartsim's default ISA adds to RV64GC that QEMU 7.2 also has,
/// switched on there (Zihintntl's and Zicbop's hints are plain `add`/`ori`
/// to x0 for QEMU, which is their required behaviour).
const QEMU_CPU: &str = "rv64,zba=true,zbb=true,zbc=true,zbs=true,zbkb=true,zbkx=true,\
Zfh=true,Zfhmin=true,Zihintpause=true";

/// Hints of Zihintpause, Zihintntl and Zicbop, which random bits almost never
/// hit: pause, ntl.p1, ntl.pall, ntl.s1, ntl.all, prefetch.i/r/w.
fn hint(which: u32, c: u32) -> Insn {
    let offset = ((c as i32) << 20 >> 20) as i64 & !31;
    match which % 8 {
        0 => Insn { raw: 0x0100_000f, ..Insn::new(Op::Fence, 0, 0, 0, 0) },
        k @ 1..=4 => Insn::new(Op::Add, 0, 0, k as u8 + 1, 0),
        k => Insn::new(Op::Ori, 0, SP, 0, offset | [0, 1, 3][k as usize - 5]),
    }
}

const FP_CSRS: [u16; 3] = [0x001, 0x002, 0x003];
/// Rounding modes: mostly valid, sometimes reserved (the instruction must trap).
const RMS: [u32; 8] = [0, 1, 2, 3, 4, 7, 7, 5];

fn pick_reg(bits: u32) -> u8 {
    let r = (bits % 32) as u8;
    if r == SP { 0 } else { r }
}

/// Turn random numbers into one instruction (two for an SC, which always
/// follows its own LR: whether an SC succeeds after other stores to the
/// reserved address is up to the implementation, and QEMU and hartsim differ
/// there). `a` picks the kind, `b` and `c` fill operands.
fn generate(ops: &[Op], a: u32, b: u32, c: u32, paged: bool) -> Vec<Gen> {
    let g = generate_one(ops, a, b, c, paged);
    if let Gen::Full(sc) = &g
        && matches!(sc.op, Op::ScW | Op::ScD)
    {
        let lr_op = if sc.op == Op::ScW { Op::LrW } else { Op::LrD };
        let mut lr = Insn::new(lr_op, pick_reg(c), SP, 0, 0);
        lr.raw = sc.raw;
        return vec![Gen::Full(lr), g];
    }
    vec![g]
}

/// `paged`: sp is a page boundary under Sv39, so offsets go both ways and
/// often straddle it.
fn generate_one(ops: &[Op], a: u32, b: u32, c: u32, paged: bool) -> Gen {
    if a.is_multiple_of(4) {
        // A compressed instruction that neither jumps nor writes sp, and whose
        // memory accesses are sp-relative.
        let h = (b & 0xffff) as u16;
        if h & 3 != 3 {
            let (i, form) = rvc::expand_with_form(h);
            if let Some((name, _)) = form {
                let jumps = matches!(name, "c.j" | "c.jr" | "c.jalr" | "c.beqz" | "c.bnez");
                let memory = matches!(name, "c.lw" | "c.ld" | "c.sw" | "c.sd" | "c.fld" | "c.fsd");
                let writes_sp = name == "c.addi16sp"
                    || (i.rd == SP && !name.ends_with("sp"))
                    || (i.rd == SP && matches!(name, "c.lwsp" | "c.ldsp"));
                if !jumps && !memory && !writes_sp {
                    return Gen::Compressed(h);
                }
            }
        }
    }
    if a % 64 == 1 {
        return Gen::Full(hint(b, c));
    }
    let op = ops[(a as usize / 4) % ops.len()];
    let spec = op.spec().unwrap();
    let (rd, rs1, rs2) = (pick_reg(b), (b >> 5) as u8 & 31, (b >> 10) as u8 & 31);
    let imm12 = ((c as i32) << 20 >> 20) as i64;
    let mut i = Insn::new(op, rd, rs1, rs2, 0);
    i.raw = RMS[(c >> 12) as usize % 8] << 12 | (c >> 20 & 3) << 25;
    match spec.format {
        Format::I => i.imm = imm12,
        Format::Shift => i.imm = (c % 64) as i64,
        Format::ShiftW => i.imm = (c % 32) as i64,
        Format::U => i.imm = (c & 0xffff_f000) as i32 as i64,
        Format::Load | Format::Store | Format::FpLoad | Format::FpStore => {
            i.rs1 = SP;
            i.imm = match (paged, c >> 29) {
                (false, _) => (c % (SCRATCH_BYTES as u32 - 8)) as i64,
                // Misaligned across the page boundary at sp, one access in four.
                (true, 0 | 1) => -1 - (c >> 24 & 7) as i64,
                (true, _) => (c % 4088) as i64 - 2048,
            };
        }
        Format::Amo | Format::Lr => {
            i.rs1 = SP;
        }
        Format::Csr => i.csr = FP_CSRS[(c % 3) as usize],
        Format::CsrImm => {
            i = Insn::zicsr(op, i.rd, (c >> 3 & 31) as u8, FP_CSRS[(c % 3) as usize]);
        }
        Format::Fence => i.raw = (c & 0xff) << 20,
        Format::FpR4 => i.rs3 = (c >> 3 & 31) as u8,
        Format::Branch | Format::J => return Gen::Forward(i, 1 + (c % 8) as usize),
        _ => {}
    }
    if spec.format == Format::Store
        || spec.format == Format::FpStore
        || spec.format == Format::Branch
        || op == Op::SfenceVma
    {
        i.rd = 0;
    }
    Gen::Full(i)
}

/// A little assembler: code bytes at `base` (a physical or virtual address).
struct Code {
    base: u64,
    bytes: Vec<u8>,
}

impl Code {
    fn at(base: u64) -> Code {
        Code { base, bytes: Vec::new() }
    }
    fn pc(&self) -> u64 {
        self.base + self.bytes.len() as u64
    }
    fn put(&mut self, i: Insn) {
        let bits = encode(&i).expect("a real instruction");
        self.bytes.extend_from_slice(&bits.to_le_bytes());
    }
    /// A placeholder branch or jump, resolved by `land`.
    fn forward(&mut self, i: Insn) -> (usize, Insn) {
        self.put(i);
        (self.bytes.len() - 4, i)
    }
    /// Point the branch or jump placed at `at` to the current pc.
    fn land(&mut self, (at, mut i): (usize, Insn)) {
        i.imm = (self.bytes.len() - at) as i64;
        let bits = encode(&i).expect("a real instruction");
        self.bytes[at..at + 4].copy_from_slice(&bits.to_le_bytes());
    }
    fn op(&mut self, op: Op, rd: u8, rs1: u8, rs2: u8, imm: i64) {
        self.put(Insn::new(op, rd, rs1, rs2, imm));
    }
    /// rd = an absolute address (auipc + addi).
    fn la(&mut self, rd: u8, addr: u64) {
        let off = addr.wrapping_sub(self.pc()) as i64;
        let hi = (off + 0x800) >> 12 << 12;
        self.op(Op::Auipc, rd, 0, 0, hi);
        self.op(Op::Addi, rd, rd, 0, off - hi);
    }
    fn li(&mut self, rd: u8, v: i64) {
        let hi = (v + 0x800) >> 12 << 12;
        self.op(Op::Lui, rd, 0, 0, hi);
        self.op(Op::Addiw, rd, rd, 0, v - hi);
    }
}

struct Program {
    elf: Vec<u8>,
    body: Vec<(u64, String)>,
    /// What each printed line is.
    labels: Vec<String>,
}

/// The value seeded into each register and fcsr.
#[derive(Clone, Debug)]
struct Seeds {
    x: Vec<u64>,
    f: Vec<u64>,
    fcsr: u64,
    scratch: Vec<u8>,
}

fn build(gens: &[Gen], seeds: &Seeds) -> Program {
    let mut c = Code::at(LOAD_ADDR);
    // Prologue: trap handler, FPU on, registers from the seed table.
    c.la(T0, 0); // patched below once the handler's address is known
    let mtvec_fixup = c.bytes.len() - 8;
    c.put(Insn::zicsr(Op::Csrrw, 0, T0, 0x305));
    c.li(T0, 1 << 13);
    c.put(Insn::zicsr(Op::Csrrs, 0, T0, 0x300));
    c.la(SP, DATA);
    c.op(Op::Addi, T0, SP, 0, RECORD);
    c.put(Insn::zicsr(Op::Csrrw, 0, T0, 0x340)); // mscratch = trap record
    c.la(X31, SEEDS);
    for r in 0..32u8 {
        c.op(Op::Fld, r, X31, 0, 8 * r as i64);
    }
    c.op(Op::Ld, T0, X31, 0, 8 * 64);
    c.put(Insn::zicsr(Op::Csrrw, 0, T0, 0x003));
    for r in (1..32u8).filter(|&r| r != SP) {
        c.op(Op::Ld, r, X31, 0, 8 * (32 + r as i64));
    }
    let body = lay_out_body(&mut c, gens);
    // Epilogue: dump registers after the scratch area, then print it all.
    // (4-byte aligned again after compressed instructions: mtvec needs it.)
    if !c.pc().is_multiple_of(4) {
        c.bytes.extend_from_slice(&0x0001u16.to_le_bytes()); // c.nop
    }
    for r in (1..32u8).filter(|&r| r != SP) {
        c.op(Op::Sd, 0, SP, r, DUMP + 8 * (r as i64 - 1));
    }
    c.op(Op::Sd, 0, SP, SP, DUMP + 8);
    for r in 0..32u8 {
        c.op(Op::Fsd, 0, SP, r, DUMP + 8 * (X_SLOTS + r as i64));
    }
    c.put(Insn::zicsr(Op::Csrrs, T0, 0, 0x003));
    c.op(Op::Sd, 0, SP, T0, FCSR_SLOT);
    c.op(Op::Addi, 8, SP, 0, 0);
    print_and_exit(&mut c, PRINTED_WORDS);
    // The trap handler: log mcause/mtval, skip the instruction, return.
    let handler = c.pc();
    c.put(Insn::zicsr(Op::Csrrw, X31, X31, 0x340));
    c.op(Op::Sd, 0, X31, X28, 0);
    c.op(Op::Sd, 0, X31, X29, 8);
    c.op(Op::Sd, 0, X31, X30, 16);
    log_trap_and_skip(&mut c, false);
    // Patch the prologue's `la t0, handler`.
    let mut patch = Code::at(LOAD_ADDR);
    patch.la(T0, handler);
    c.bytes[mtvec_fixup..mtvec_fixup + 8].copy_from_slice(&patch.bytes);
    assert!(c.bytes.len() < 0x1_0000, "program overflows its area");

    // Data: scratch, then (after the dump and record) the seed table.
    let mut image = c.bytes;
    image.resize(0x1_0000, 0);
    let mut data = seeds.scratch.clone();
    data.resize(0x2000, 0);
    for v in seeds.f.iter().chain(seeds.x.iter()) {
        data.extend_from_slice(&v.to_le_bytes());
    }
    data.extend_from_slice(&seeds.fcsr.to_le_bytes());
    image.extend_from_slice(&data);
    let labels = (0..PRINTED_WORDS as usize).map(describe_line).collect();
    Program { elf: common::flat_elf(&image), body, labels }
}

/// Print `words` doublewords from x8 on as hex lines on the UART, then
/// stop through the test finisher.
fn print_and_exit(c: &mut Code, words: i64) {
    let (ptr, count, uart, word, shift, digit, is_digit) = (8, 9, 18, 10, 11, 12, 13);
    c.li(count, words);
    c.op(Op::Lui, uart, 0, 0, 0x1000_0000);
    let outer = c.pc();
    c.op(Op::Ld, word, ptr, 0, 0);
    c.op(Op::Addi, shift, 0, 0, 60);
    let inner = c.pc();
    c.op(Op::Srl, digit, word, shift, 0);
    c.op(Op::Andi, digit, digit, 0, 15);
    c.op(Op::Sltiu, is_digit, digit, 0, 10);
    c.op(Op::Addi, digit, digit, 0, b'0' as i64);
    c.op(Op::Bne, 0, is_digit, 0, 8);
    c.op(Op::Addi, digit, digit, 0, (b'a' - b'0' - 10) as i64);
    c.op(Op::Sb, 0, uart, digit, 0);
    c.op(Op::Addi, shift, shift, 0, -4);
    let back = inner as i64 - c.pc() as i64;
    c.op(Op::Bge, 0, shift, 0, back);
    c.op(Op::Addi, digit, 0, 0, b'\n' as i64);
    c.op(Op::Sb, 0, uart, digit, 0);
    c.op(Op::Addi, ptr, ptr, 0, 8);
    c.op(Op::Addi, count, count, 0, -1);
    let back = outer as i64 - c.pc() as i64;
    c.op(Op::Bne, 0, count, 0, back);
    c.op(Op::Lui, T0, 0, 0, 0x10_0000);
    c.li(6, 0x5555);
    c.op(Op::Sw, 0, T0, 6, 0);
    c.op(Op::Jal, 0, 0, 0, 0);
}

/// Place the body at `c`'s pc, resolving forward targets; returns each
/// instruction's address and disassembly.
fn lay_out_body(c: &mut Code, gens: &[Gen]) -> Vec<(u64, String)> {
    let sizes: Vec<u64> = gens
        .iter()
        .map(|g| match g {
            Gen::Compressed(_) => 2,
            Gen::Event(_) => 12,
            _ => 4,
        })
        .collect();
    let start = c.pc();
    let mut offsets = vec![start];
    for s in &sizes {
        offsets.push(offsets.last().unwrap() + s);
    }
    let mut body = Vec::new();
    for (k, g) in gens.iter().enumerate() {
        let pc = c.pc();
        let i = match g {
            Gen::Compressed(h) => {
                c.bytes.extend_from_slice(&h.to_le_bytes());
                rvc::expand(*h)
            }
            Gen::Full(i) => {
                c.put(*i);
                *i
            }
            Gen::Event(n) => {
                // x31 = 0x5eed_0000 + n tells the M-mode helper which event.
                c.li(X31, 0x5eed_0000 + *n as i64);
                c.op(Op::Ecall, 0, 0, 0, 0);
                body.push((pc, format!("event {n}: li x31, {:#x}; ecall", 0x5eed_0000 + n)));
                continue;
            }
            Gen::Forward(i, skip) => {
                // Never land on an SC: jumping over its LR would leave the
                // SC's outcome to the implementation. Never jump over an
                // event: the generator assumes each one runs (ASID tracking).
                let mut t = (k + skip).min(gens.len());
                if let Some(e) = (k + 1..t).find(|&e| matches!(gens[e], Gen::Event(_))) {
                    t = e;
                }
                if matches!(gens.get(t), Some(Gen::Full(sc)) if matches!(sc.op, Op::ScW | Op::ScD))
                {
                    t += 1;
                }
                let target = offsets[t];
                let mut i = *i;
                i.imm = (target - pc) as i64;
                c.put(i);
                i
            }
        };
        let mut shown = i;
        if let Gen::Full(_) | Gen::Forward(..) = g {
            shown.raw = encode(&i).unwrap();
        }
        body.push((pc, disassemble_canonical(&shown, pc)));
    }
    body
}

/// Restore x28-x30 from the record, swap x31 back, return.
fn return_from_trap(c: &mut Code) {
    c.op(Op::Ld, X28, X31, 0, 0);
    c.op(Op::Ld, X29, X31, 0, 8);
    c.op(Op::Ld, X30, X31, 0, 16);
    c.put(Insn::zicsr(Op::Csrrw, X31, X31, 0x340));
    c.op(Op::Mret, 0, 0, 0, 0);
}

/// The trap handler's common part (x28-x30 saved in the record, x31 = the
/// record): log mcause/mtval, skip the instruction, return.
fn log_trap_and_skip(c: &mut Code, translated: bool) {
    c.op(Op::Ld, X29, X31, 0, 24);
    c.op(Op::Addi, X30, X29, 0, 1);
    c.op(Op::Sd, 0, X31, X30, 24);
    c.op(Op::Andi, X28, X29, 0, 15);
    c.op(Op::Slli, X28, X28, 0, 3);
    c.op(Op::Add, X28, X28, X31, 0);
    c.put(Insn::zicsr(Op::Csrrs, X30, 0, 0x342));
    if translated {
        vm::mark_amo(c);
    }
    c.op(Op::Sd, 0, X28, X30, 32);
    // A breakpoint's mtval is the implementation's choice (the pc on Spike
    // and hartsim, 0 on QEMU 7.2): it is not compared.
    c.op(Op::Addi, X29, X30, 0, -3);
    c.put(Insn::zicsr(Op::Csrrs, X30, 0, 0x343));
    c.op(Op::Bne, 0, X29, 0, 8);
    c.op(Op::Addi, X30, 0, 0, 0);
    c.op(Op::Sd, 0, X28, X30, 32 + 128);
    c.put(Insn::zicsr(Op::Csrrs, X30, 0, 0x341));
    if translated {
        // mepc is a virtual address: read the instruction as the trapped mode would (MPRV).
        c.op(Op::Lui, X29, 0, 0, 1 << 17);
        c.put(Insn::zicsr(Op::Csrrs, 0, X29, 0x300));
        c.op(Op::Lhu, X28, X30, 0, 0);
        c.put(Insn::zicsr(Op::Csrrc, 0, X29, 0x300));
    } else {
        c.op(Op::Lhu, X28, X30, 0, 0);
    }
    c.op(Op::Andi, X28, X28, 0, 3);
    c.op(Op::Addi, X28, X28, 0, -3);
    c.op(Op::Bne, 0, X28, 0, 12);
    c.op(Op::Addi, X30, X30, 0, 4);
    c.op(Op::Jal, 0, 0, 0, 8);
    c.op(Op::Addi, X30, X30, 0, 2);
    c.put(Insn::zicsr(Op::Csrrw, 0, X30, 0x341));
    return_from_trap(c);
}

fn run_hartsim(elf: &[u8]) -> String {
    let config = MachineConfig {
        capture_output: true,
        console_input: ConsoleInput::None,
        ..Default::default()
    };
    let mut m = Machine::from_elf(elf, config).expect("a valid ELF");
    let outcome = m.run(Some(1_000_000));
    let mut out = String::from_utf8_lossy(&m.console_output().unwrap_or_default()).to_string();
    if outcome != RunOutcome::Exited(0) {
        out.push_str(&format!("hartsim: {outcome:?}\n"));
    }
    out
}

fn run_qemu(elf: &[u8], path: &std::path::Path) -> String {
    std::fs::write(path, elf).unwrap();
    let mut child = Command::new("qemu-system-riscv64")
        .args(["-machine", "virt", "-cpu", QEMU_CPU, "-bios", "none", "-nographic"])
        .args(["-monitor", "none", "-serial", "stdio", "-kernel"])
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("qemu starts");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).map(|_| s)
    });
    let deadline = Instant::now() + Duration::from_secs(5);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    reader.join().unwrap().unwrap_or_default()
}

/// Name the printed word at `line`.
fn describe_line(line: usize) -> String {
    let word = line as i64 * 8;
    match word {
        w if w < DUMP => format!("scratch memory at sp+{w}"),
        w if w < DUMP + 8 * X_SLOTS => format!("x{}", (w - DUMP) / 8 + 1),
        w if w < FCSR_SLOT => format!("f{}", (w - DUMP) / 8 - X_SLOTS),
        w if w == FCSR_SLOT => "fcsr".into(),
        w if w < RECORD + 24 => "trap handler scratch".into(),
        w if w == RECORD + 24 => "number of traps".into(),
        w if w < RECORD + 32 + 128 => format!("mcause of trap {}", (w - RECORD - 32) / 8),
        w => format!("mtval of trap {}", (w - RECORD - 160) / 8),
    }
}

fn qemu_available() -> bool {
    Command::new("qemu-system-riscv64").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// Interesting register values, mixed with random ones.
fn seed_value(v: u64, pool: &[u64]) -> u64 {
    if v.is_multiple_of(3) { pool[(v >> 8) as usize % pool.len()] } else { v }
}

const X_POOL: [u64; 8] = [
    0,
    1,
    u64::MAX,
    0x8000_0000_0000_0000,
    0x7fff_ffff_ffff_ffff,
    0x8000_0000,
    0xffff_ffff,
    0x7fff_ffff,
];
const F_POOL: [u64; 16] = [
    0x0000_0000_0000_0000,
    0x8000_0000_0000_0000,
    0x3ff0_0000_0000_0000,
    0x7ff0_0000_0000_0000,
    0xfff0_0000_0000_0000,
    0x7ff8_0000_0000_0000,
    0x7ff4_0000_0000_0000,
    0x0000_0000_0000_0001,
    0x000f_ffff_ffff_ffff,
    0xffff_ffff_3f80_0000,
    0xffff_ffff_7fc0_0000,
    0xffff_ffff_7fa0_0000,
    0xffff_ffff_0000_0001,
    0x0000_0000_3f80_0000,
    0x43e0_0000_0000_0000,
    0xffff_ffff_cf00_0000,
];

/// Run `program` on both and say where the outputs first differ.
fn compare(program: &Program, path: &std::path::Path, x: &[u64]) -> Result<(), TestCaseError> {
    let ours = run_hartsim(&program.elf);
    let theirs = vm::amo_causes_as_the_spec_says(&run_qemu(&program.elf, path), &program.labels);
    if ours == theirs {
        return Ok(());
    }
    let (ol, tl): (Vec<&str>, Vec<&str>) = (ours.lines().collect(), theirs.lines().collect());
    let first = (0..ol.len().max(tl.len())).find(|&i| ol.get(i) != tl.get(i)).unwrap_or(0);
    let listing: Vec<String> =
        program.body.iter().map(|(pc, t)| format!("  {pc:x}: {t}")).collect();
    let what = program.labels.get(first).cloned().unwrap_or_else(|| "output".into());
    Err(TestCaseError::fail(format!(
        "first difference: {what} (line {}): hartsim {:?}, QEMU {:?}\nprogram:\n{}\nseeds: {x:x?}",
        first + 1,
        ol.get(first),
        tl.get(first),
        listing.join("\n"),
    )))
}

/// The program count: `ci` with `CI` set, else `local`; PROPTEST_CASES overrides.
fn case_count(ci: u32, local: u32) -> u32 {
    let default_cases = if std::env::var_os("CI").is_some() { ci } else { local };
    std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(default_cases)
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(0x005e_ed0f_4a57),
        max_shrink_iters: 2000,
        failure_persistence: None,
        ..Config::default()
    }
}

type RawInsns = Vec<(u8, u32, u32, u32)>;

fn raw_insns() -> impl Strategy<Value = RawInsns> {
    prop::collection::vec((any::<u8>(), any::<u32>(), any::<u32>(), any::<u32>()), PROGRAM_LEN)
}

fn register_seeds(x: &[u64], f: &[u64], fcsr: u64, scratch: Vec<u8>) -> Seeds {
    Seeds {
        x: x.iter().map(|&v| seed_value(v, &X_POOL)).collect(),
        f: f.iter().map(|&v| seed_value(v, &F_POOL)).collect(),
        fcsr: fcsr & 0xff,
        scratch,
    }
}

fn report(
    result: Result<(), proptest::test_runner::TestError<impl std::fmt::Debug>>,
    path: &std::path::Path,
) {
    if let Err(e) = result {
        // The last ELF tried (the minimal failing program) stays for inspection.
        panic!("{e}\n(the program is in {})", path.display());
    }
    let _ = std::fs::remove_file(path);
}

#[test]
fn random_programs_match_qemu() {
    if !qemu_available() {
        assert!(std::env::var_os("CI").is_none(), "CI must install qemu-system-misc");
        println!("random differential test: SKIPPED (qemu-system-riscv64 not installed)");
        return;
    }
    // 2,000 programs in CI, 200 on a developer's `cargo test`.
    let cases = case_count(2000, 200);
    let ops = generated_ops();
    let path = std::env::temp_dir().join(format!("hartsim-random-{}.elf", std::process::id()));
    let seeds = (
        prop::collection::vec(any::<u64>(), 32),
        prop::collection::vec(any::<u64>(), 32),
        any::<u64>(),
        prop::collection::vec(any::<u8>(), SCRATCH_BYTES as usize),
    );
    let compared = std::cell::Cell::new(0u64);
    let result = TestRunner::new(config(cases)).run(
        &(raw_insns(), seeds),
        |(raw, (x, f, fcsr, scratch))| {
            // An instruction whose first byte is 0 is left out, so shrinking can drop it.
            let gens: Vec<Gen> = raw
                .iter()
                .filter(|(keep, ..)| *keep != 0)
                .flat_map(|&(_, a, b, c)| generate(&ops, a, b, c, false))
                .collect();
            let seeds = register_seeds(&x, &f, fcsr, scratch);
            compared.set(compared.get() + gens.len() as u64);
            compare(&build(&gens, &seeds), &path, &seeds.x)
        },
    );
    report(result, &path);
    println!(
        "random differential test: {cases} programs, {} instructions, identical on QEMU and hartsim",
        compared.get()
    );
}

/// The bodies again, in S or U mode under Sv39 and PMP, with events (vm.rs).
fn paged_programs_match_qemu(mode: vm::Mode) {
    if !qemu_available() {
        assert!(std::env::var_os("CI").is_none(), "CI must install qemu-system-misc");
        println!(
            "random differential test ({mode:?}): SKIPPED (qemu-system-riscv64 not installed)"
        );
        return;
    }
    // 300 programs per mode in CI, 40 on a developer's `cargo test`.
    let cases = case_count(300, 40);
    let mut ops = generated_ops();
    // Legal in S mode (TVM is clear), an illegal instruction in U mode.
    ops.push(Op::SfenceVma);
    let path =
        std::env::temp_dir().join(format!("hartsim-random-{mode:?}-{}.elf", std::process::id()));
    let seeds = (
        prop::collection::vec(any::<u64>(), 32),
        prop::collection::vec(any::<u64>(), 32),
        any::<u64>(),
        any::<u64>(),
    );
    let (compared, events) = (std::cell::Cell::new(0u64), std::cell::Cell::new(0u64));
    let result = TestRunner::new(config(cases)).run(
        &(raw_insns(), seeds),
        |(raw, (x, f, fcsr, setup_seed))| {
            let mut setup = vm::Setup::new(mode, setup_seed);
            let mut gens = Vec::new();
            for &(keep, a, b, c) in raw.iter().filter(|(keep, ..)| *keep != 0) {
                // About one event in 25 instructions.
                if keep <= 10
                    && let Some(e) = setup.event()
                {
                    gens.push(e);
                    events.set(events.get() + 1);
                }
                gens.extend(generate(&ops, a, b, c, true));
            }
            let seeds = register_seeds(&x, &f, fcsr, Vec::new());
            let body = gens.iter().filter(|g| !matches!(g, Gen::Event(_))).count();
            compared.set(compared.get() + body as u64);
            compare(&vm::build_paged(&gens, &seeds, &setup), &path, &seeds.x)
        },
    );
    report(result, &path);
    println!(
        "random differential test ({mode:?} mode, Sv39, PMP): {cases} programs, {} instructions and {} events, identical on QEMU and hartsim",
        compared.get(),
        events.get()
    );
}

#[test]
fn random_s_mode_programs_match_qemu() {
    paged_programs_match_qemu(vm::Mode::Supervisor);
}

#[test]
fn random_u_mode_programs_match_qemu() {
    paged_programs_match_qemu(vm::Mode::User);
}

/// What an instruction computes from `x[rs1]` and `x[rs2]`.
type Definition = fn(u64, u64) -> u64;

/// Instructions QEMU 7.2 cannot judge, checked against their definitions
/// instead, on both engines: Zicond (not in QEMU 7.2) and `ctzw`, which QEMU
/// 7.2 gets wrong when the low 32 bits are zero and the upper ones are not
/// (it counts into the upper half: 46 for 0xc036_c000_0000_0000, where the
/// answer is 32).
fn definitions() -> Vec<(Op, Definition)> {
    vec![
        (Op::CzeroEqz, |a, b| if b == 0 { 0 } else { a }),
        (Op::CzeroNez, |a, b| if b != 0 { 0 } else { a }),
        (Op::Ctzw, |a, _| (a as u32).trailing_zeros() as u64),
    ]
}

#[test]
fn instructions_qemu_cannot_judge_match_their_definitions() {
    let (a, b, first) = (10, 11, 12);
    let ops = definitions();
    let mut insns = vec![
        Insn::new(Op::Auipc, X31, 0, 0, 0x1000),
        Insn::new(Op::Ld, a, X31, 0, 0),
        Insn::new(Op::Ld, b, X31, 0, 8),
    ];
    for (k, (op, _)) in ops.iter().enumerate() {
        insns.push(Insn::new(*op, first + k as u8, a, b, 0));
    }
    // rd the same as a source: the result must use the old values.
    insns.push(Insn::new(Op::CzeroNez, b, a, b, 0));
    insns.extend([
        Insn::new(Op::Lui, T0, 0, 0, 0x10_0000),
        Insn::new(Op::Lui, 6, 0, 0, 0x5000),
        Insn::new(Op::Addiw, 6, 6, 0, 0x555),
        Insn::new(Op::Sw, 0, T0, 6, 0),
    ]);
    let mut code = common::code(&insns);
    code.resize(0x1000, 0);
    let special = vec![0u64, 1, u64::MAX, 0x8000_0000_0000_0000, 0xc036_c000_0000_0000, 1 << 32];
    let value = (prop::sample::select(special), any::<u64>(), any::<bool>())
        .prop_map(|(pick, random, use_random)| if use_random { random } else { pick });
    let mut runner = TestRunner::new(Config { cases: 256, ..Config::default() });
    runner
        .run(&(value.clone(), value), |(va, vb)| {
            let mut image = code.clone();
            image.extend_from_slice(&va.to_le_bytes());
            image.extend_from_slice(&vb.to_le_bytes());
            for stepping in [false, true] {
                let config =
                    MachineConfig { console_input: ConsoleInput::None, ..Default::default() };
                let mut m = Machine::from_elf(&common::flat_elf(&image), config).unwrap();
                let outcome = if stepping { m.run_stepping(Some(100)) } else { m.run(Some(100)) };
                prop_assert_eq!(outcome, RunOutcome::Exited(0));
                for (k, (op, definition)) in ops.iter().enumerate() {
                    let got = m.x(first as usize + k).unwrap();
                    prop_assert_eq!(got, definition(va, vb), "{:?} {:#x} {:#x}", op, va, vb);
                }
                prop_assert_eq!(m.x(b as usize).unwrap(), if vb != 0 { 0 } else { va });
            }
            Ok(())
        })
        .unwrap();
}
