//! Every kind of bad input gets one clear line on stderr and exit status 2,
//! never a panic. The ELF files are built here byte by byte from a minimal
//! valid program, then broken one field at a time.

mod common;

use std::path::PathBuf;

const EHDR: usize = 64;
const PHDR: usize = 56;
const LOAD_ADDR: u64 = 0x8000_0000;

/// `lui t0,0x100; lui t1,0x5; addi t1,t1,0x555; sw t1,0(t0)`: tell the test
/// finisher "pass".
const CODE: [u32; 4] = [0x0010_02b7, 0x0000_5337, 0x5553_0313, 0x0062_a023];

/// A minimal valid RV64 executable: ELF header, one PT_LOAD header, the code.
fn valid_elf() -> Vec<u8> {
    let code: Vec<u8> = CODE.iter().flat_map(|w| w.to_le_bytes()).collect();
    let mut f = vec![0u8; EHDR + PHDR];
    f[..4].copy_from_slice(b"\x7fELF");
    f[4] = 2; // ELFCLASS64
    f[5] = 1; // little-endian
    f[6] = 1; // EV_CURRENT
    put16(&mut f, 16, 2); // ET_EXEC
    put16(&mut f, 18, 243); // EM_RISCV
    put32(&mut f, 20, 1);
    put64(&mut f, 24, LOAD_ADDR); // e_entry
    put64(&mut f, 32, EHDR as u64); // e_phoff
    put16(&mut f, 52, EHDR as u16); // e_ehsize
    put16(&mut f, 54, PHDR as u16); // e_phentsize
    put16(&mut f, 56, 1); // e_phnum
    let ph = EHDR;
    put32(&mut f, ph, 1); // PT_LOAD
    put32(&mut f, ph + 4, 5); // R+X
    put64(&mut f, ph + 8, (EHDR + PHDR) as u64); // p_offset
    put64(&mut f, ph + 16, LOAD_ADDR); // p_vaddr
    put64(&mut f, ph + 24, LOAD_ADDR); // p_paddr
    put64(&mut f, ph + 32, code.len() as u64); // p_filesz
    put64(&mut f, ph + 40, code.len() as u64); // p_memsz
    put64(&mut f, ph + 48, 4); // p_align
    f.extend_from_slice(&code);
    f
}

fn put16(f: &mut [u8], at: usize, v: u16) {
    f[at..at + 2].copy_from_slice(&v.to_le_bytes());
}
fn put32(f: &mut [u8], at: usize, v: u32) {
    f[at..at + 4].copy_from_slice(&v.to_le_bytes());
}
fn put64(f: &mut [u8], at: usize, v: u64) {
    f[at..at + 8].copy_from_slice(&v.to_le_bytes());
}

fn write_temp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hartsim-elf-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// hartsim must reject the input with status 2 and a single line containing `expect`.
fn assert_rejected(args: &[&str], expect: &str) {
    let stderr = assert_rejected_flag(args, expect);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: one line expected: {stderr}");
}

/// Command-line mistakes get status 2 and an error line containing `expect`,
/// followed by clap's usage hint.
fn assert_rejected_flag(args: &[&str], expect: &str) -> String {
    let out = common::hartsim(args);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{args:?}: stderr was {stderr}");
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    let first = stderr.lines().next().unwrap_or_default();
    assert!(first.contains(expect), "{args:?}: expected {expect:?} in {first:?}");
    stderr
}

fn assert_elf_rejected(name: &str, bytes: &[u8], expect: &str) {
    let path = write_temp(name, bytes);
    assert_rejected(&["run", path.to_str().unwrap()], expect);
}

#[test]
fn the_minimal_elf_itself_runs() {
    let path = write_temp("valid.elf", &valid_elf());
    let out = common::hartsim(&["run", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn missing_file() {
    assert_rejected(&["run", "/nonexistent/prog.elf"], "No such file");
}

#[test]
fn not_an_elf() {
    assert_elf_rejected(
        "text.elf",
        b"this is not an ELF file at all, just text\n",
        "not an ELF file",
    );
    assert_elf_rejected("empty.elf", b"", "too short");
}

#[test]
fn elf32() {
    let mut f = valid_elf();
    f[4] = 1;
    assert_elf_rejected("elf32.elf", &f, "32-bit ELF");
}

#[test]
fn big_endian() {
    let mut f = valid_elf();
    f[5] = 2;
    assert_elf_rejected("be.elf", &f, "big-endian");
}

#[test]
fn wrong_machine() {
    let mut f = valid_elf();
    put16(&mut f, 18, 62); // x86-64
    assert_elf_rejected("x86.elf", &f, "machine type 62, not RISC-V");
}

#[test]
fn not_an_executable() {
    let mut f = valid_elf();
    put16(&mut f, 16, 1); // ET_REL
    assert_elf_rejected("obj.elf", &f, "not an executable");
}

#[test]
fn no_loadable_segment() {
    let mut f = valid_elf();
    put32(&mut f, EHDR, 4); // PT_NOTE instead of PT_LOAD
    assert_elf_rejected("noload.elf", &f, "no loadable segment");
    let mut f = valid_elf();
    put16(&mut f, 56, 0); // no program headers at all
    assert_elf_rejected("nophdr.elf", &f, "no loadable segment");
}

#[test]
fn file_size_larger_than_memory_size() {
    let mut f = valid_elf();
    put64(&mut f, EHDR + 40, 8);
    assert_elf_rejected("filesz.elf", &f, "larger than its memory size");
}

#[test]
fn segment_data_past_end_of_file() {
    let mut f = valid_elf();
    put64(&mut f, EHDR + 32, 4096);
    put64(&mut f, EHDR + 40, 4096);
    assert_elf_rejected("pasteof.elf", &f, "past the end of the file");
    let mut f = valid_elf();
    put64(&mut f, EHDR + 8, u64::MAX - 4); // offset + size overflows
    assert_elf_rejected("offset.elf", &f, "past the end of the file");
}

#[test]
fn segment_outside_ram() {
    let mut f = valid_elf();
    put64(&mut f, EHDR + 24, 0x1000);
    put64(&mut f, EHDR + 16, 0x1000);
    put64(&mut f, 24, 0x1000);
    assert_elf_rejected("lowaddr.elf", &f, "is outside RAM");
    // Past the end of a small RAM.
    let path = write_temp("big.elf", &{
        let mut f = valid_elf();
        put64(&mut f, EHDR + 40, 1 << 20);
        f
    });
    assert_rejected(&["run", "--memory", "64K", path.to_str().unwrap()], "is outside RAM");
}

#[test]
fn segment_overlapping_a_device() {
    let mut f = valid_elf();
    put64(&mut f, EHDR + 24, 0x1000_0000);
    put64(&mut f, EHDR + 16, 0x1000_0000);
    put64(&mut f, 24, 0x1000_0000);
    assert_elf_rejected("uart.elf", &f, "overlaps the UART");
}

#[test]
fn address_wrap_around() {
    let mut f = valid_elf();
    put64(&mut f, EHDR + 24, 0xffff_ffff_ffff_fff8);
    put64(&mut f, EHDR + 16, 0xffff_ffff_ffff_fff8);
    assert_elf_rejected("wrap.elf", &f, "wraps around");
}

#[test]
fn truncated_headers() {
    let f = valid_elf();
    assert_elf_rejected("trunc40.elf", &f[..40], "too short");
    assert_elf_rejected("trunc80.elf", &f[..80], "truncated");
    let mut f = valid_elf();
    put64(&mut f, 32, 1 << 40); // e_phoff far past the end
    assert_elf_rejected("phoff.elf", &f, "truncated");
    let mut f = valid_elf();
    put16(&mut f, 54, 32); // wrong program header size
    assert_elf_rejected("phentsize.elf", &f, "entry size 32");
}

#[test]
fn entry_point_outside_segments() {
    let mut f = valid_elf();
    put64(&mut f, 24, LOAD_ADDR + 0x1000);
    assert_elf_rejected("entry.elf", &f, "entry point 0x80001000 is outside");
}

#[test]
fn bad_command_line() {
    let valid = write_temp("flags.elf", &valid_elf());
    let valid = valid.to_str().unwrap();
    assert_rejected_flag(&["run", "--memory", "lots", valid], "not a size");
    assert_rejected(&["run", "--memory", "1K", valid], "out of range");
    assert_rejected(&["run", "--memory", "5000", valid], "multiple of 4 KiB");
    assert_rejected_flag(&["run", "--max-insns", "x3", valid], "--max-insns");
    assert_rejected_flag(&["run", "--no-such-flag", valid], "--no-such-flag");
    assert_rejected_flag(&["frobnicate"], "frobnicate");
    assert_rejected_flag(&["run"], "required");
}

#[test]
fn disasm_rejects_bad_files_too() {
    let path = write_temp("disasm.elf", b"\x7fELF\x02\x01garbage");
    assert_rejected(&["disasm", path.to_str().unwrap()], "too short");
}

/// Arbitrary corruption of a valid file must never panic.
#[test]
fn random_corruptions_never_panic() {
    let base = valid_elf();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for i in 0..300 {
        let mut f = base.clone();
        for _ in 0..4 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = (seed % f.len() as u64) as usize;
            f[at] = (seed >> 32) as u8;
        }
        let path = write_temp("corrupt.elf", &f);
        let out = common::hartsim(&["run", "--max-insns", "1000", path.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "corruption {i} panicked: {stderr}");
        assert_ne!(out.status.code(), None, "corruption {i} killed by a signal");
    }
}
