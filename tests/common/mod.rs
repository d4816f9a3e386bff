//! Helpers shared by the integration tests: where the guest programs are and
//! how to run the `hartsim` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The guest programs: `HARTSIM_GUEST_DIR` (CI points it at freshly rebuilt
/// ones) or the prebuilt ELFs committed in `guest/build`.
pub fn guest_dir() -> PathBuf {
    match std::env::var_os("HARTSIM_GUEST_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("guest/build"),
    }
}

pub fn hartsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hartsim"))
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the hartsim binary runs")
}

/// All `.elf` files in `dir`, sorted.
pub fn elfs_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "elf"))
        .collect();
    v.sort();
    v
}
