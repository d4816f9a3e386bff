//! Conformance harness: runs hartsim's own conformance programs (always) and the
//! official riscv-tests ELFs (when they are available), and names every failure.
//!
//! Official tests are taken from `riscv-tests/build/`, where
//! `riscv-tests/build.sh` puts them, or from `RISCV_TESTS_DIR` when it is set;
//! `RISCV_TESTS_GROUPS` overrides which name prefixes run (comma-separated,
//! e.g. `rv64ui-p-,rv64um-p-`).

mod common;

use hartsim::isa::Isa;
use hartsim::{ConsoleInput, Machine, MachineConfig, RunOutcome};
use std::path::{Path, PathBuf};

/// Enough for every official test and conformance program many times over.
const MAX_INSNS: u64 = 50_000_000;

/// The official test groups hartsim implements.
const SUPPORTED_GROUPS: &[&str] = &[
    "rv64ui-p-",
    "rv64um-p-",
    "rv64ua-p-",
    "rv64uf-p-",
    "rv64ud-p-",
    "rv64uc-p-",
    "rv64mi-p-",
    "rv64si-p-",
    "rv64ui-v-",
    "rv64um-v-",
    "rv64ua-v-",
    "rv64uf-v-",
    "rv64ud-v-",
    "rv64uc-v-",
    "rv64uzba-p-",
    "rv64uzbb-p-",
    "rv64uzbc-p-",
    "rv64uzbs-p-",
    "rv64uzbkb-p-",
    "rv64uzbkx-p-",
    "rv64uzfh-p-",
    "rv64uzba-v-",
    "rv64uzbb-v-",
    "rv64uzbc-v-",
    "rv64uzbs-v-",
    "rv64uzbkb-v-",
    "rv64uzbkx-v-",
    "rv64uzfh-v-",
    "rv64mzicbo-p-",
];

/// The RV64GC groups: the strict `--isa rv64gc` machine passes all of them.
const RV64GC_GROUPS: usize = 14;

/// An official test that cannot pass: on an ISA without its extension, a
/// `-v-` test's illegal instruction reaches the env's M-mode handler, which
/// faults on its own stack forever (as on Spike); a million instructions is
/// fifty times what the longest test needs to pass.
const HOPELESS_INSNS: u64 = 1_000_000;

fn run_elf(path: &Path) -> Result<(), String> {
    run_elf_on(path, Isa::default(), MAX_INSNS)
}

fn run_elf_on(path: &Path, isa: Isa, max_insns: u64) -> Result<(), String> {
    let config = MachineConfig {
        isa,
        capture_output: true,
        console_input: ConsoleInput::None,
        ..MachineConfig::default()
    };
    let mut m =
        Machine::from_elf_file(&path.to_string_lossy(), config).map_err(|e| e.to_string())?;
    match m.run(Some(max_insns)) {
        RunOutcome::Exited(0) => Ok(()),
        RunOutcome::Exited(code) if code >= 1024 => {
            Err(format!("unexpected trap during case {}", code & 1023))
        }
        RunOutcome::Exited(code) => Err(format!("case {code} failed")),
        other => Err(format!("{other:?} at pc {:#x}", m.pc())),
    }
}

fn report(kind: &str, results: Vec<(PathBuf, Result<(), String>)>) {
    let failures: Vec<String> = results
        .iter()
        .filter_map(|(p, r)| r.as_ref().err().map(|e| format!("  {}: {e}", p.display())))
        .collect();
    println!("{kind}: {} passed, {} failed", results.len() - failures.len(), failures.len());
    assert!(failures.is_empty(), "{kind} failures:\n{}", failures.join("\n"));
}

/// Conformance programs whose right outcome is that they never end: hartsim
/// must see that nothing can wake the hart and halt with this reason.
const MUST_HALT: &[(&str, &str)] =
    &[("wfi_unreachable.elf", "wfi: no enabled interrupt can ever wake the hart")];

fn run_own_program(path: &Path) -> Result<(), String> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let Some((_, reason)) = MUST_HALT.iter().find(|(program, _)| *program == name) else {
        return run_elf(path);
    };
    let config = MachineConfig { capture_output: true, ..MachineConfig::default() };
    let mut m =
        Machine::from_elf_file(&path.to_string_lossy(), config).map_err(|e| e.to_string())?;
    match m.run(Some(MAX_INSNS)) {
        RunOutcome::Halted { reason: r, .. } if r.to_string() == *reason => Ok(()),
        other => Err(format!("expected a halt ({reason}), got {other:?}")),
    }
}

#[test]
fn own_conformance_programs_pass() {
    let programs = common::elfs_in(&common::guest_dir().join("conformance"));
    assert!(programs.len() >= 26, "expected the conformance programs, found {programs:?}");
    let results = programs.into_iter().map(|p| {
        let r = run_own_program(&p);
        (p, r)
    });
    report("hartsim conformance programs", results.collect());
}

/// `RISCV_TESTS_DIR` if set, else `riscv-tests/build/` once `riscv-tests/build.sh`
/// has built the suite there.
fn official_tests_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("RISCV_TESTS_DIR") {
        return Some(PathBuf::from(dir));
    }
    let build = Path::new(env!("CARGO_MANIFEST_DIR")).join("riscv-tests/build");
    build.join("rv64ui-p-add").exists().then_some(build)
}

#[test]
fn official_riscv_tests_pass() {
    let Some(dir) = official_tests_dir() else {
        println!(
            "official riscv-tests: NOT RUN (build them with riscv-tests/build.sh, or set \
             RISCV_TESTS_DIR to a directory of built rv64* ELFs)"
        );
        return;
    };
    let groups: Vec<String> = match std::env::var("RISCV_TESTS_GROUPS") {
        Ok(g) => g.split(',').map(str::to_string).collect(),
        Err(_) => SUPPORTED_GROUPS.iter().map(|g| g.to_string()).collect(),
    };
    let tests = official_tests(&dir, &groups);
    assert!(!tests.is_empty(), "no official tests matching {groups:?} in {}", dir.display());
    let results = tests.into_iter().map(|p| {
        let r = run_elf(&p);
        (p, r)
    });
    report(&format!("official riscv-tests in {}", dir.display()), results.collect());
}

/// The built official tests in `dir` whose names start with one of `groups`.
fn official_tests(dir: &Path, groups: &[impl AsRef<str>]) -> Vec<PathBuf> {
    let mut tests: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            p.extension().is_none() && groups.iter().any(|g| name.starts_with(g.as_ref()))
        })
        .collect();
    tests.sort();
    tests
}

/// `--isa` really switches extensions off: the strict RV64GC machine passes
/// the 244 RV64GC tests and fails every extension test that uses its
/// extension's instructions, and narrower ISAs fail the groups they lack.
#[test]
fn official_tests_follow_the_isa() {
    let Some(dir) = official_tests_dir() else {
        println!("official riscv-tests under --isa: NOT RUN (no built suite)");
        return;
    };
    let (base, extensions) = SUPPORTED_GROUPS.split_at(RV64GC_GROUPS);
    let base_tests = official_tests(&dir, base);
    let results =
        base_tests.iter().map(|p| (p.clone(), run_elf_on(p, Isa::RV64GC, MAX_INSNS))).collect();
    report("official RV64GC tests on --isa rv64gc", results);

    let mut passed_without_extension = Vec::new();
    let extension_tests = official_tests(&dir, extensions);
    for test in &extension_tests {
        // The recoding tests check NaN-boxing with F instructions only.
        let name = test.file_name().unwrap().to_string_lossy();
        if run_elf_on(test, Isa::RV64GC, HOPELESS_INSNS).is_ok() && !name.ends_with("-recoding") {
            passed_without_extension.push(name.to_string());
        }
    }
    println!(
        "official extension tests on --isa rv64gc: {} run, {} passed",
        extension_tests.len(),
        passed_without_extension.len()
    );
    assert!(passed_without_extension.is_empty(), "{passed_without_extension:?}");

    let narrower = [
        ("rv64imac", "rv64uf-p-fadd"),
        ("rv64imac", "rv64ud-p-fadd"),
        ("rv64imafd", "rv64uc-p-rvc"),
        ("rv64iac", "rv64um-p-mul"),
        ("rv64imfdc", "rv64ua-p-amoadd_d"),
        ("rv64gc_zba", "rv64uzbb-p-andn"),
        ("rv64gc_zbb", "rv64uzbkb-p-pack"),
    ];
    for (isa, test) in narrower {
        let path = dir.join(test);
        if path.exists() {
            let result = run_elf_on(&path, Isa::parse(isa).unwrap(), HOPELESS_INSNS);
            assert!(result.is_err(), "{test} passed on --isa {isa}");
        }
    }
    for (isa, test) in
        [("rv64imafdc_zbkb", "rv64uzbkb-p-pack"), ("rv64imafd_zfh", "rv64uzfh-p-fadd")]
    {
        let path = dir.join(test);
        if path.exists() {
            run_elf_on(&path, Isa::parse(isa).unwrap(), MAX_INSNS)
                .unwrap_or_else(|e| panic!("{test} on {isa}: {e}"));
        }
    }
}
