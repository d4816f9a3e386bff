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

/// A one-segment (RWX) ELF64 RISC-V executable loading `image` at 0x8000_0000
/// and starting there.
pub fn flat_elf(image: &[u8]) -> Vec<u8> {
    const LOAD_ADDR: u64 = 0x8000_0000;
    let mut f = vec![0u8; 64 + 56];
    f[..4].copy_from_slice(b"\x7fELF");
    f[4] = 2; // 64-bit
    f[5] = 1; // little-endian
    f[6] = 1;
    f[16..18].copy_from_slice(&2u16.to_le_bytes()); // ET_EXEC
    f[18..20].copy_from_slice(&243u16.to_le_bytes()); // EM_RISCV
    f[20..24].copy_from_slice(&1u32.to_le_bytes());
    f[24..32].copy_from_slice(&LOAD_ADDR.to_le_bytes());
    f[32..40].copy_from_slice(&64u64.to_le_bytes());
    f[52..54].copy_from_slice(&64u16.to_le_bytes());
    f[54..56].copy_from_slice(&56u16.to_le_bytes());
    f[56..58].copy_from_slice(&1u16.to_le_bytes());
    let ph = 64;
    f[ph..ph + 4].copy_from_slice(&1u32.to_le_bytes()); // PT_LOAD
    f[ph + 4..ph + 8].copy_from_slice(&7u32.to_le_bytes()); // RWX
    f[ph + 8..ph + 16].copy_from_slice(&0x1000u64.to_le_bytes());
    f[ph + 16..ph + 24].copy_from_slice(&LOAD_ADDR.to_le_bytes());
    f[ph + 24..ph + 32].copy_from_slice(&LOAD_ADDR.to_le_bytes());
    f[ph + 32..ph + 40].copy_from_slice(&(image.len() as u64).to_le_bytes());
    f[ph + 40..ph + 48].copy_from_slice(&(image.len() as u64).to_le_bytes());
    f[ph + 48..ph + 56].copy_from_slice(&0x1000u64.to_le_bytes());
    f.resize(0x1000, 0);
    f.extend_from_slice(image);
    f
}

/// Encode instructions into bytes.
pub fn code(insns: &[hartsim::isa::Insn]) -> Vec<u8> {
    insns
        .iter()
        .flat_map(|i| hartsim::isa::encode(i).expect("real instruction").to_le_bytes())
        .collect()
}
