//! `--isa`: the extensions left out raise illegal instruction with their bits
//! in `mtval`, `misa` and the device tree follow the choice, and a bad string
//! is one line and exit status 2.

mod common;

use hartsim::isa::{Insn, Isa, Op, encode};
use hartsim::{ConsoleInput, Machine, MachineConfig, RunOutcome};

const T0: u8 = 5;
const T1: u8 = 6;
const T2: u8 = 7;
/// Holds the `mtval` the trap handler expects.
const S1: u8 = 9;

/// Load a 32-bit constant (`lui` + `addiw`).
fn li(rd: u8, value: i32) -> [Insn; 2] {
    let v = value as i64;
    let hi = (v + 0x800) >> 12 << 12;
    [Insn::new(Op::Lui, rd, 0, 0, hi), Insn::new(Op::Addiw, rd, rd, 0, v - hi)]
}

/// Exit through the test finisher with the code in `reg` (`reg << 16 | 0x3333`),
/// or with 0 when `reg` is x0.
fn exit_with(reg: u8) -> Vec<Insn> {
    let mut v = vec![Insn::new(Op::Lui, T0, 0, 0, 0x10_0000)];
    if reg == 0 {
        v.extend(li(T1, 0x5555));
    } else {
        v.extend([Insn::new(Op::Slli, T1, reg, 0, 16)]);
        v.extend(li(T2, 0x3333));
        v.push(Insn::new(Op::Or, T1, T1, T2, 0));
    }
    v.push(Insn::new(Op::Sw, 0, T0, T1, 0));
    v.push(Insn::new(Op::Jal, 0, 0, 0, 0));
    v
}

/// A program that runs `body` with `s1` = `expected_tval` and exits 0, or,
/// when `body` traps, exits with `10 + mcause` if `mtval` is `expected_tval`
/// and `100 + mcause` if not.
fn program(body: &[Insn], expected_tval: i32) -> Vec<u8> {
    let mut main: Vec<Insn> = Vec::new();
    main.extend(li(S1, expected_tval));
    main.extend(body);
    main.extend(exit_with(0));
    // The handler starts after the prologue (3 instructions) and `main`.
    let handler_offset = 4 * (3 + main.len()) as i64;
    let mut insns = vec![
        Insn::new(Op::Auipc, T0, 0, 0, 0),
        Insn::new(Op::Addi, T0, T0, 0, handler_offset),
        Insn::zicsr(Op::Csrrw, 0, T0, 0x305),
    ];
    insns.extend(main);
    insns.extend([
        Insn::zicsr(Op::Csrrs, 10, 0, 0x342), // a0 = mcause
        Insn::zicsr(Op::Csrrs, 11, 0, 0x343), // a1 = mtval
        Insn::new(Op::Addi, 10, 10, 0, 10),
        Insn::new(Op::Beq, 0, 11, S1, 8),
        Insn::new(Op::Addi, 10, 10, 0, 90),
    ]);
    insns.extend(exit_with(10));
    common::code(&insns)
}

fn run(name: &str, code: &[u8], isa: Option<&str>, engine: &str) -> (Option<i32>, String) {
    let path = std::env::temp_dir().join(format!("hartsim-isa-{name}-{}.elf", std::process::id()));
    std::fs::write(&path, common::flat_elf(code)).unwrap();
    let mut args = vec!["run", "--max-insns", "100000", "--engine", engine];
    if let Some(isa) = isa {
        args.extend(["--isa", isa]);
    }
    args.push(path.to_str().unwrap());
    let out = common::hartsim(&args);
    let _ = std::fs::remove_file(&path);
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// `--isa` (None: the default) and the exit status it should give.
type Expect = (Option<&'static str>, i32);

#[test]
fn left_out_extensions_raise_illegal_instruction_with_the_bits_in_mtval() {
    let cases: [(&str, Insn, &[Expect]); 6] = [
        (
            "sh1add",
            Insn::new(Op::Sh1add, 10, 10, 11, 0),
            &[(None, 0), (Some("rv64gc"), 12), (Some("rv64gc_zba"), 0), (Some("rv64i_zbb"), 12)],
        ),
        (
            "mul",
            Insn::new(Op::Mul, 10, 10, 11, 0),
            &[(None, 0), (Some("rv64i"), 12), (Some("rv64im"), 0)],
        ),
        (
            "fadd.d",
            Insn { raw: 7 << 12, ..Insn::new(Op::FaddD, 1, 2, 3, 0) },
            &[(Some("rv64imac"), 12), (Some("rv64imafc"), 12), (Some("rv64imafdc"), 0)],
        ),
        (
            "czero.eqz",
            Insn::new(Op::CzeroEqz, 10, 10, 11, 0),
            &[(None, 0), (Some("rv64gc_zbb"), 12), (Some("rv64gc_zicond"), 0)],
        ),
        (
            "clmul",
            Insn::new(Op::Clmul, 10, 10, 11, 0),
            &[(Some("rv64gc_zbkb"), 12), (Some("rv64gc_zbc"), 0)],
        ),
        ("cbo.zero", Insn::new(Op::CboZero, 0, 2, 0, 0), &[(Some("rv64gc_zicbom"), 12)]),
    ];
    for (name, insn, expectations) in cases {
        let bits = encode(&insn).unwrap() as i32;
        // fadd.d needs FS on: mstatus.FS = Initial first.
        let mut body = li(T0, 1 << 13).to_vec();
        body.push(Insn::zicsr(Op::Csrrs, 0, T0, 0x300));
        body.push(insn);
        let code = program(&body, bits);
        for &(isa, expected) in expectations {
            for engine in ["blocks", "step"] {
                let (status, stderr) = run(name, &code, isa, engine);
                assert_eq!(status, Some(expected), "{name} on --isa {isa:?} ({engine}): {stderr}");
            }
        }
    }
}

#[test]
fn compressed_instructions_need_c() {
    // The body's one word becomes `c.addi a0,1; c.nop`: illegal without C,
    // with the 16 bits in mtval.
    let mut code = program(&[Insn::new(Op::Addi, 0, 0, 0, 0)], 0x0505);
    let body = 4 * (3 + 2); // after the prologue and `li s1`
    code[body..body + 4].copy_from_slice(&[0x05, 0x05, 0x01, 0x00]);
    for engine in ["blocks", "step"] {
        assert_eq!(run("rvc", &code, None, engine).0, Some(0));
        assert_eq!(run("rvc", &code, Some("rv64imac"), engine).0, Some(0));
        assert_eq!(run("rvc", &code, Some("rv64imafd"), engine).0, Some(12), "{engine}");
    }
}

#[test]
fn jumps_to_odd_halfwords_are_misaligned_without_c() {
    // jalr to an address that is 2 mod 4: allowed with C (it lands on the
    // upper half of a `nop`, 0x0000, an illegal instruction whose mtval is 0:
    // exit 102), address-misaligned without C (cause 0, mtval = the target).
    let code = program(
        &[
            Insn::new(Op::Auipc, T0, 0, 0, 0),
            Insn::new(Op::Addi, S1, T0, 0, 14), // the target, for the handler
            Insn::new(Op::Jalr, 0, T0, 0, 14),
            Insn::new(Op::Addi, 0, 0, 0, 0),
            Insn::new(Op::Lui, 0, 0, 0, 0),
        ],
        0,
    );
    for engine in ["blocks", "step"] {
        assert_eq!(run("jalr", &code, Some("rv64imafd"), engine).0, Some(10), "{engine}");
        assert_eq!(run("jalr", &code, None, engine).0, Some(102), "{engine}");
    }
}

#[test]
fn misa_and_the_device_tree_follow_the_isa() {
    let code = common::code(
        &[
            vec![Insn::zicsr(Op::Csrrs, 10, 0, 0x301)], // a0 = misa
            exit_with(0),
        ]
        .concat(),
    );
    let letters = |s: &str| s.bytes().fold(0u64, |m, c| m | 1 << (c - b'a'));
    for (isa, expected) in [("rv64gc", "acdfimsu"), ("rv64imac", "acimsu"), ("rv64i", "isu")] {
        let config = MachineConfig {
            isa: Isa::parse(isa).unwrap(),
            console_input: ConsoleInput::None,
            ..Default::default()
        };
        let mut m = Machine::from_elf(&common::flat_elf(&code), config).unwrap();
        assert_eq!(m.run(Some(100)), RunOutcome::Exited(0));
        assert_eq!(m.x(10).unwrap(), 2 << 62 | letters(expected), "misa on {isa}");
        let dtb = String::from_utf8_lossy(m.dtb()).into_owned();
        let full = format!("{isa}_zicntr_zicsr_zifencei\0").replace("rv64gc", "rv64imafdc");
        assert!(dtb.contains(&full), "{isa}: riscv,isa");
    }
    let path = std::env::temp_dir().join(format!("hartsim-isa-{}.dtb", std::process::id()));
    let out = common::hartsim(&["dumpdtb", "--isa", "rv64imac_zba", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let dtb = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
    let _ = std::fs::remove_file(&path);
    assert!(dtb.contains("rv64imac_zicntr_zicsr_zifencei_zba\0"));
    assert!(dtb.contains("i\0m\0a\0c\0zicntr\0zicsr\0zifencei\0zba\0"), "riscv,isa-extensions");
}

#[test]
fn a_bad_isa_string_is_one_line_and_exit_status_2() {
    let elf = common::guest_dir().join("hello.elf");
    for (isa, says) in [
        ("rv32gc", "must start with rv64"),
        ("rv64gcv", "extension \"v\" is not supported"),
        ("rv64gc_zfoo", "unknown extension \"zfoo\""),
        ("rv64id", "d needs f"),
        ("rv64gc_zba_zba", "appears twice"),
        ("", "must start with rv64"),
    ] {
        let out = common::hartsim(&["run", "--isa", isa, elf.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{isa}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{isa}: {stderr}");
        assert!(stderr.starts_with("hartsim: ISA string") && stderr.contains(says), "{stderr}");
        assert!(out.stdout.is_empty());
    }
}
