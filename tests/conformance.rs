//! Conformance harness: runs hartsim's own conformance programs (always) and the
//! official riscv-tests ELFs (when they are available), and names every failure.
//!
//! Official tests are taken from `riscv-tests/build/`, where
//! `riscv-tests/build.sh` puts them, or from `RISCV_TESTS_DIR` when it is set;
//! `RISCV_TESTS_GROUPS` overrides which name prefixes run (comma-separated,
//! e.g. `rv64ui-p-,rv64um-p-`).

mod common;

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
];

fn run_elf(path: &Path) -> Result<(), String> {
    let config = MachineConfig {
        capture_output: true,
        console_input: ConsoleInput::None,
        ..MachineConfig::default()
    };
    let mut m =
        Machine::from_elf_file(&path.to_string_lossy(), config).map_err(|e| e.to_string())?;
    match m.run(Some(MAX_INSNS)) {
        RunOutcome::Exited(0) => Ok(()),
        RunOutcome::Exited(code) if code >= 1024 => {
            Err(format!("unexpected trap during case {}", code & 1023))
        }
        RunOutcome::Exited(code) => Err(format!("case {code} failed")),
        other => Err(format!("{other:?} at pc {:#x}", m.hart.pc)),
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

#[test]
fn own_conformance_programs_pass() {
    let programs = common::elfs_in(&common::guest_dir().join("conformance"));
    assert!(programs.len() >= 21, "expected the conformance programs, found {programs:?}");
    let results = programs.into_iter().map(|p| {
        let r = run_elf(&p);
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
    let mut tests: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            p.extension().is_none() && groups.iter().any(|g| name.starts_with(g.as_str()))
        })
        .collect();
    tests.sort();
    assert!(!tests.is_empty(), "no official tests matching {groups:?} in {}", dir.display());
    let results = tests.into_iter().map(|p| {
        let r = run_elf(&p);
        (p, r)
    });
    report(&format!("official riscv-tests in {}", dir.display()), results.collect());
}
