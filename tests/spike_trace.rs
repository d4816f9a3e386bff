//! Trace format check against Spike: for every official `-p-` test of the
//! RV64GC groups (but the few listed in `DIFFERENT_PLATFORM`),
//! `hartsim run --trace-style spike` must print exactly the lines
//! `spike -l --log-commits` prints, from the first instruction of the program
//! (Spike's boot ROM at 0x1000 is left out) to the store to `tohost`: the
//! commit lines and the trap lines (`core   0: exception ...`), without
//! `-l`'s own line per instruction (`core   0: 0x... (0x...) mnemonic`) and
//! its symbol markers (`core   0: >>>>  name`).
//!
//! Runs when Spike (`SPIKE`, or `spike` on PATH) and the official tests
//! (`RISCV_TESTS_DIR`) are available; otherwise it says it did not run.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn spike() -> Option<PathBuf> {
    let candidate = std::env::var_os("SPIKE").map(PathBuf::from).unwrap_or("spike".into());
    Command::new(&candidate).arg("--help").output().ok().map(|_| candidate)
}

/// Lines up to and including the first store to `tohost`.
fn until_tohost(log: &str, tohost: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let kept = |l: &&str| {
        !l.starts_with("core   0: 3 0x00000000000010")
            && !l.starts_with("core   0: 0x")
            && !l.starts_with("core   0: >>>>")
    };
    for line in log.lines().filter(kept) {
        lines.push(line.to_string());
        if line.contains(tohost) {
            break;
        }
    }
    lines
}

fn tohost_marker(elf: &Path) -> String {
    let bytes = std::fs::read(elf).unwrap();
    let image = hartsim::elf::load_elf(&bytes, hartsim::DEFAULT_MEMORY).unwrap();
    format!("mem 0x{:016x}", image.symbols.address_of("tohost").unwrap())
}

/// The test groups compared.
const GROUPS: &[&str] = &[
    "rv64ui-p-",
    "rv64um-p-",
    "rv64ua-p-",
    "rv64uc-p-",
    "rv64uf-p-",
    "rv64ud-p-",
    "rv64mi-p-",
    "rv64si-p-",
];

/// Tests whose traces differ where the two machines differ by design (both
/// pass them), and why.
const DIFFERENT_PLATFORM: &[(&str, &str)] = &[
    ("rv64mi-p-breakpoint", "hartsim implements no debug triggers (tdata2 reads 0)"),
    ("rv64mi-p-illegal", "Spike also logs mvip (Smaia) when mip is written"),
    ("rv64si-p-wfi", "Spike also logs mvip (Smaia) when mip is written"),
    ("rv64mi-p-ma_fetch", "Spike lets misa.C be cleared; hartsim's misa is read-only"),
    ("rv64mi-p-mcsr", "marchid: Spike's is 5, hartsim's 0"),
    ("rv64si-p-dirty", "Spike faults on a clear D bit (Svade); hartsim sets it (Svadu)"),
    (
        "rv64ua-p-lrsc",
        "Spike drops the reservation at its 5000-instruction hart switch, so one SC fails \
         there (spurious SC failures are allowed); hartsim's succeeds",
    ),
];

#[test]
fn traces_match_spike_line_for_line() {
    let (Some(spike), Some(dir)) = (spike(), std::env::var_os("RISCV_TESTS_DIR")) else {
        println!(
            "spike trace comparison: NOT RUN (needs SPIKE or spike on PATH, and RISCV_TESTS_DIR)"
        );
        return;
    };
    let mut tests: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            GROUPS.iter().any(|g| name.starts_with(g))
                && !DIFFERENT_PLATFORM.iter().any(|(test, _)| *test == name)
                && p.extension().is_none()
        })
        .collect();
    tests.sort();
    assert!(!tests.is_empty(), "no rv64ui-p-* tests in {dir:?}");
    let out = std::env::temp_dir().join(format!("hartsim-spike-{}", std::process::id()));
    let mut lines_compared = 0;
    let mut differing = Vec::new();
    for elf in &tests {
        let theirs = Command::new(&spike)
            .args(["--isa=rv64gc_zicntr_zicclsm", "-l", "--log-commits"])
            .arg(elf)
            .output()
            .unwrap();
        let trace_arg = format!("--trace={}", out.display());
        common::hartsim(&["run", &trace_arg, "--trace-style", "spike", &elf.to_string_lossy()]);
        let ours = std::fs::read_to_string(&out).unwrap();
        let marker = tohost_marker(elf);
        let expected = until_tohost(&String::from_utf8_lossy(&theirs.stderr), &marker);
        let got = until_tohost(&ours, &marker);
        if let Some(i) = (0..expected.len().max(got.len())).find(|&i| expected.get(i) != got.get(i))
        {
            differing.push(format!(
                "{}: line {} differs\n spike:   {:?}\n hartsim: {:?}",
                elf.display(),
                i + 1,
                expected.get(i),
                got.get(i)
            ));
        }
        lines_compared += got.len();
    }
    assert!(differing.is_empty(), "{}", differing.join("\n"));
    println!("spike trace comparison: {} tests, {lines_compared} lines identical", tests.len());
}
