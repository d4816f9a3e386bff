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
    put64(&mut f, EHDR + 24, 0x20_0000);
    put64(&mut f, EHDR + 16, 0x20_0000);
    put64(&mut f, 24, 0x20_0000);
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
    assert_rejected_flag(&["run"], "no program");
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

// ---- Files crafted to be expensive (issue 11): each is refused, or loaded,
// at a cost linear in its size, by the limits in `hartsim::elf`.

use hartsim::elf::{ElfError, load_elf};

const RAM: u64 = 128 << 20;

/// `valid_elf` with its program header table replaced by `count` entries:
/// the original PT_LOAD first, PT_NULL after it.
fn with_program_headers(count: u16) -> Vec<u8> {
    let base = valid_elf();
    let table = EHDR + PHDR * count as usize;
    let mut f = base[..EHDR + PHDR].to_vec();
    f.resize(table, 0);
    f.extend_from_slice(&base[EHDR + PHDR..]);
    put16(&mut f, 56, count);
    put64(&mut f, EHDR + 8, table as u64); // the code moved behind the table
    f
}

fn load(f: &[u8]) -> Result<hartsim::ElfImage, ElfError> {
    load_elf(f, RAM)
}

#[test]
fn program_header_count_is_limited() {
    // 65535 headers: 3.7 MB of table, refused before any is parsed.
    let f = with_program_headers(u16::MAX);
    assert_eq!(load(&f).err(), Some(ElfError::TooManyProgramHeaders(65535)));
    assert_elf_rejected("phnum.elf", &f, "65535 program headers: hartsim accepts at most 1024");
    assert_eq!(
        load(&with_program_headers(1025)).err(),
        Some(ElfError::TooManyProgramHeaders(1025))
    );
    // The limit itself is fine.
    let image = load(&with_program_headers(1024)).expect("1024 headers load");
    assert_eq!(image.segments.len(), 1);
}

#[test]
fn program_header_table_claiming_gigabytes_is_refused() {
    // e_phentsize * e_phnum = 0x8000 * 0xffff: about 2 GiB in a 136-byte file.
    let mut f = valid_elf();
    put16(&mut f, 54, 0x8000);
    put16(&mut f, 56, 0xffff);
    assert_elf_rejected("ph2g.elf", &f, "entry size 32768, expected 56");
    let mut f = valid_elf();
    put16(&mut f, 56, 1000);
    assert!(matches!(load(&f), Err(ElfError::TruncatedHeaders(_))));
}

/// A copy of the first (PT_LOAD) program header at `index`, loading the
/// whole file at `addr`.
fn add_whole_file_segment(f: &mut [u8], index: usize, addr: u64) {
    let len = f.len() as u64;
    let at = EHDR + PHDR * index;
    let first = f[EHDR..EHDR + PHDR].to_vec();
    f[at..at + PHDR].copy_from_slice(&first);
    put64(f, at + 8, 0);
    put64(f, at + 16, addr);
    put64(f, at + 24, addr);
    put64(f, at + 32, len);
    put64(f, at + 40, len);
}

#[test]
fn segments_may_not_copy_the_same_file_bytes_twice() {
    // 1024 segments, each loading the whole file at its own address: a
    // quarter of a gigabyte of copies from a 57 KB file.
    let mut f = with_program_headers(1024);
    for i in 1..1024 {
        add_whole_file_segment(&mut f, i, LOAD_ADDR + (i as u64) * 0x10_0000);
    }
    match load(&f) {
        Err(ElfError::SegmentsShareFileData { file_len, .. }) => {
            assert_eq!(file_len, f.len() as u64)
        }
        other => panic!("expected SegmentsShareFileData, got {other:?}"),
    }
    assert_elf_rejected("share.elf", &f, "more than the whole file");
}

#[test]
fn segments_may_not_overlap_in_memory() {
    let mut f = with_program_headers(2);
    let first = f[EHDR..EHDR + PHDR].to_vec();
    f[EHDR + PHDR..EHDR + 2 * PHDR].copy_from_slice(&first);
    put64(&mut f, EHDR + PHDR + 24, LOAD_ADDR + 8); // p_paddr: inside segment 0
    put64(&mut f, EHDR + PHDR + 32, 0); // no file data, so only memory overlaps
    assert_eq!(
        load(&f).err(),
        Some(ElfError::SegmentsOverlap {
            first: 0,
            second: 1,
            start: LOAD_ADDR + 8,
            end: LOAD_ADDR + 16
        })
    );
    assert_elf_rejected("overlap.elf", &f, "segments 0 and 1 overlap in memory");
}

/// One section header: (type, flags, offset, size, link, entsize).
type Section = (u32, u64, u64, u64, u32, u64);

/// `f` with a section header table appended: a null section, then `sections`.
fn with_sections(mut f: Vec<u8>, sections: &[Section]) -> Vec<u8> {
    let shoff = f.len();
    f.resize(shoff + 64 * (sections.len() + 1), 0);
    for (i, &(kind, flags, offset, size, link, entsize)) in sections.iter().enumerate() {
        let at = shoff + 64 * (i + 1);
        put32(&mut f, at + 4, kind);
        put64(&mut f, at + 8, flags);
        put64(&mut f, at + 16, LOAD_ADDR);
        put64(&mut f, at + 24, offset);
        put64(&mut f, at + 32, size);
        put32(&mut f, at + 40, link);
        put64(&mut f, at + 56, entsize);
    }
    put64(&mut f, 40, shoff as u64);
    put16(&mut f, 58, 64);
    put16(&mut f, 60, (sections.len() + 1) as u16);
    f
}

const SHT_PROGBITS: u32 = 1;
const SHT_SYMTAB: u32 = 2;
const SHT_STRTAB: u32 = 3;
const SHF_ALLOC_EXEC: u64 = 0x6;

#[test]
fn section_header_table_is_checked_against_the_file_and_the_limit() {
    let code_at = (EHDR + PHDR) as u64;
    let f = with_sections(valid_elf(), &[(SHT_PROGBITS, SHF_ALLOC_EXEC, code_at, 16, 0, 0)]);
    let image = load(&f).expect("a file with a .text section loads");
    assert_eq!(image.code_sections.len(), 1);
    assert_eq!(image.code_sections[0].2.len(), 16);

    let mut claims_more = f.clone();
    put16(&mut claims_more, 60, u16::MAX); // 65535 headers, 4 MB, in a 264-byte file
    assert_elf_rejected("shnum.elf", &claims_more, "section header table is truncated");

    // Extended numbering: e_shnum = 0 and the count in section 0's sh_size.
    let mut extended = f.clone();
    put16(&mut extended, 60, 0);
    let shoff = u64::from_le_bytes(f[40..48].try_into().unwrap()) as usize;
    put64(&mut extended, shoff + 32, 100_000);
    assert_eq!(load(&extended).err(), Some(ElfError::TooManySections(100_000)));
    assert_elf_rejected(
        "shext.elf",
        &extended,
        "100000 section headers: hartsim accepts at most 65535",
    );

    let mut entsize = f;
    put16(&mut entsize, 58, 40);
    assert_elf_rejected("shentsize.elf", &entsize, "entry size 40, expected 64");
}

#[test]
fn many_executable_sections_over_the_same_bytes_are_refused() {
    // 65534 executable sections, each covering the whole 4 MB section table:
    // 270 GB of copies for the disassembler before this was checked.
    let table_size = 65_535 * 64;
    let sections: Vec<Section> = vec![(SHT_PROGBITS, SHF_ALLOC_EXEC, 0, table_size, 0, 0); 65_534];
    let mut f = with_sections(valid_elf(), &sections);
    let shoff = u64::from_le_bytes(f[40..48].try_into().unwrap());
    for i in 1..65_535 {
        put64(&mut f, shoff as usize + 64 * i + 24, shoff);
    }
    match load(&f) {
        Err(ElfError::CodeSectionsOverlap { total, file_len }) => {
            assert_eq!((total, file_len), (65_534 * table_size, f.len() as u64))
        }
        other => panic!("expected CodeSectionsOverlap, got {other:?}"),
    }
    assert_elf_rejected("shexec.elf", &f, "executable sections hold");
}

/// `valid_elf` with a symbol table of `count` global functions, all named
/// by the string at offset 1 of `strings`, at addresses cycling over the code.
fn with_symbols(count: usize, strings: &[u8]) -> Vec<u8> {
    let mut f = valid_elf();
    let symtab_at = f.len() as u64;
    f.resize(f.len() + 24, 0); // symbol 0 is the null symbol
    for i in 1..count {
        let mut sym = [0u8; 24];
        sym[..4].copy_from_slice(&1u32.to_le_bytes()); // st_name
        sym[4] = 0x12; // STB_GLOBAL, STT_FUNC
        sym[6..8].copy_from_slice(&1u16.to_le_bytes()); // st_shndx: .text
        sym[8..16].copy_from_slice(&(LOAD_ADDR + 4 * (i as u64 % 4)).to_le_bytes());
        f.extend_from_slice(&sym);
    }
    let strtab_at = f.len() as u64;
    f.extend_from_slice(strings);
    let code_at = (EHDR + PHDR) as u64;
    with_sections(
        f,
        &[
            (SHT_PROGBITS, SHF_ALLOC_EXEC, code_at, 16, 0, 0),
            (SHT_SYMTAB, 0, symtab_at, 24 * count as u64, 3, 24),
            (SHT_STRTAB, 0, strtab_at, strings.len() as u64, 0, 0),
        ],
    )
}

#[test]
fn symbols_sharing_one_long_name_cost_the_file_size_once() {
    // 400,000 symbols named by one 100 KB string (9.7 MB): 80 GB of name
    // copies before names were kept in one shared string table.
    let mut strings = vec![0u8];
    strings.extend(std::iter::repeat_n(b'x', 100_000));
    strings.push(0);
    let f = with_symbols(400_000, &strings);
    let image = load(&f).expect("loads");
    assert_eq!(image.symbols.len(), 399_999);
    let name = std::str::from_utf8(&strings[1..100_001]).unwrap();
    assert_eq!(image.symbols.address_of(name), Some(LOAD_ADDR + 4));
    assert_eq!(image.symbols.exact(LOAD_ADDR).map(str::len), Some(100_000));
}

#[test]
fn symbol_table_is_checked_against_the_file_and_the_limit() {
    let f = with_symbols(3, b"\0tohost\0");
    let image = load(&f).expect("loads");
    assert_eq!(image.symbols.address_of("tohost"), Some(LOAD_ADDR + 4));

    let shoff = u64::from_le_bytes(f[40..48].try_into().unwrap()) as usize;
    let symtab = shoff + 64 * 2;
    let mut too_many = f.clone();
    put64(&mut too_many, symtab + 32, 24 * 4_000_001); // sh_size: 96 MB of symbols
    assert_eq!(load(&too_many).err(), Some(ElfError::TooManySymbols(4_000_001)));
    assert_elf_rejected("nsyms.elf", &too_many, "4000001 symbols: hartsim accepts at most 4000000");

    let mut past_end = f.clone();
    put64(&mut past_end, symtab + 32, 24 * 1000);
    assert_elf_rejected("symeof.elf", &past_end, "symbol table is malformed (1000 entries");

    let mut entsize = f.clone();
    put64(&mut entsize, symtab + 56, 16);
    assert_elf_rejected("symentsize.elf", &entsize, "entry size 16, expected 24");

    let mut no_strings = f;
    put32(&mut no_strings, symtab + 40, 9);
    assert_elf_rejected("symlink.elf", &no_strings, "string table (section 9) is missing");
}

/// This process's resident memory in KiB.
fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap_or("VmRSS: 0 kB");
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(0)
}

#[test]
fn a_huge_bss_costs_the_host_no_memory() {
    // A 136-byte file whose one segment claims 256 MiB: the zeros of its
    // .bss are already there in fresh RAM, so loading must not write them.
    let mut f = valid_elf();
    put64(&mut f, EHDR + 40, 256 << 20);
    let config = hartsim::MachineConfig { memory: 512 << 20, ..Default::default() };
    let before = resident_kib();
    let machine = hartsim::Machine::from_elf(&f, config).expect("loads");
    let grown = resident_kib().saturating_sub(before);
    // Loose on purpose (other tests share this process): writing the zeros
    // made it grow by 256 MiB.
    assert!(grown < 64 << 10, "resident memory grew by {grown} KiB");
    drop(machine);
}

/// A first segment that starts below RAM only because it carries the ELF
/// and program headers (as `-Ttext=0x80000000` with the default linker
/// script makes) loads from RAM's start and runs, as on QEMU; a segment
/// with code or data below RAM is refused without suggesting --memory.
#[test]
fn headers_below_ram_are_skipped_but_code_is_not() {
    let headers = (EHDR + PHDR) as u64;
    let mut f = valid_elf();
    put64(&mut f, EHDR + 8, 0); // p_offset: the segment starts with the headers
    put64(&mut f, EHDR + 16, LOAD_ADDR - headers);
    put64(&mut f, EHDR + 24, LOAD_ADDR - headers);
    put64(&mut f, EHDR + 32, headers + 16);
    put64(&mut f, EHDR + 40, headers + 16);
    let path = write_temp("headers-below.elf", &f);
    let out = common::hartsim(&["run", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));

    let mut f = valid_elf();
    put64(&mut f, EHDR + 16, LOAD_ADDR - 8); // code 8 bytes below RAM
    put64(&mut f, EHDR + 24, LOAD_ADDR - 8);
    assert_elf_rejected("code-below.elf", &f, "is outside RAM, which starts at 0x80000000");
    let stderr = String::from_utf8_lossy(
        &common::hartsim(&["run", &write_temp("c.elf", &f).to_string_lossy()]).stderr,
    )
    .to_string();
    assert!(!stderr.contains("--memory"), "--memory cannot help below RAM: {stderr}");

    let mut f = valid_elf();
    put64(&mut f, 24, 0x10000);
    put64(&mut f, EHDR + 16, 0x10000);
    put64(&mut f, EHDR + 24, 0x10000);
    assert_elf_rejected("linux.elf", &f, "this looks like a Linux user program");
}
