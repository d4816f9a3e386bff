//! The library API: the examples run, every public accessor answers hostile
//! arguments with an `Err` (this test binary is built with debug
//! assertions and overflow checks, so an unchecked index or sum would
//! panic here), devices can be added and are checked, and a guest reset
//! keeps RAM.

mod common;

#[path = "../examples/custom_device.rs"]
#[allow(dead_code)]
mod custom_device;
#[path = "../examples/embed.rs"]
#[allow(dead_code)]
mod embed;

use hartsim::{
    AccessError, ConfigError, Device, DeviceCtx, Error, Machine, MachineConfig, Privilege,
    RunOutcome, WriteOutcome,
};

#[test]
fn the_examples_run() {
    custom_device::main().expect("custom_device example");
    embed::main().expect("embed example");
}

fn small_machine() -> Machine {
    Machine::builder().memory(64 << 10).capture_output(true).build().unwrap()
}

#[test]
fn hostile_register_and_csr_arguments_are_errors() {
    let mut m = small_machine();
    for n in [32, 33, 255, usize::MAX] {
        assert_eq!(m.x(n), Err(AccessError::NoSuchRegister(n)));
        assert_eq!(m.set_x(n, 1), Err(AccessError::NoSuchRegister(n)));
        assert_eq!(m.f(n), Err(AccessError::NoSuchFpRegister(n)));
        assert_eq!(m.set_f(n, 1), Err(AccessError::NoSuchFpRegister(n)));
    }
    m.set_x(0, 5).unwrap();
    assert_eq!(m.x(0), Ok(0), "x0 stays zero");
    for num in [0x7ff, 0x1000, 0xffff, 0x3a1 /* pmpcfg1 does not exist on RV64 */] {
        assert_eq!(m.csr(num), Err(AccessError::NoSuchCsr(num)), "{num:#x}");
        assert_eq!(m.set_csr(num, 1), Err(AccessError::NoSuchCsr(num)), "{num:#x}");
    }
    assert_eq!(m.set_csr(0xf14, 1), Err(AccessError::ReadOnlyCsr(0xf14)), "mhartid");
    for name in ["", "nonsense", "pmpaddr64", "x1", "mstatus\0"] {
        assert!(matches!(m.csr_by_name(name), Err(AccessError::UnknownCsrName(_))), "{name:?}");
        assert!(m.set_csr_by_name(name, 0).is_err());
    }
    assert_eq!(m.set_pc(0x8000_0001), Err(AccessError::MisalignedPc(0x8000_0001)));
    assert_eq!(m.pc(), 0x8000_0000, "a refused pc leaves the old one");
}

#[test]
fn csr_writes_through_the_api_keep_their_rules() {
    let mut m = small_machine();
    m.set_csr_by_name("mscratch", 0x1234).unwrap();
    assert_eq!(m.csr_by_name("mscratch"), Ok(0x1234));
    // MPP = 2 is reserved: mstatus keeps a legal value (WARL).
    m.set_csr_by_name("mstatus", 2 << 11).unwrap();
    assert_ne!(m.csr_by_name("mstatus").unwrap() >> 11 & 3, 2);
}

#[test]
fn hostile_memory_arguments_are_errors() {
    let mut m = small_machine();
    let mut buf = [0u8; 8];
    let ram_end = 0x8000_0000 + (64 << 10);
    for addr in [0, 0x1000_0000, ram_end - 4, ram_end, u64::MAX, u64::MAX - 3, 1 << 36] {
        assert!(
            matches!(m.read_phys(addr, &mut buf), Err(AccessError::NotRam { .. })),
            "{addr:#x}"
        );
        assert!(matches!(m.write_phys(addr, &buf), Err(AccessError::NotRam { .. })), "{addr:#x}");
        assert!(m.read_virt(addr, &mut buf).is_err(), "{addr:#x}");
        assert!(m.write_virt(addr, &buf).is_err(), "{addr:#x}");
    }
    let mut huge = vec![0u8; 1 << 20];
    assert!(m.read_phys(0x8000_0000, &mut huge).is_err(), "longer than RAM");
    m.write_phys(ram_end - 8, &[1, 2, 3, 4, 5, 6, 7, 8]).unwrap();
    m.read_phys(ram_end - 8, &mut buf).unwrap();
    assert_eq!(buf, [1, 2, 3, 4, 5, 6, 7, 8]);
    for (addr, len) in [(u64::MAX, 1u64), (0x8000_0000, u64::MAX >> 1), (ram_end, 1)] {
        let code = vec![0u8; len.min(16) as usize];
        let err = m.load_raw(addr, &code);
        assert!(len > 16 || matches!(err, Err(Error::ImageOutsideRam { .. })), "{addr:#x}");
    }
}

#[test]
fn virtual_access_reports_the_fault_it_would_raise() {
    let mut m = small_machine();
    // U-mode needs a PMP entry to reach anything: NAPOT over everything, RWX.
    m.set_csr_by_name("pmpaddr0", u64::MAX >> 10).unwrap();
    m.set_csr_by_name("pmpcfg0", 0x1f).unwrap();
    // Sv39 with an empty root table in U-mode: every address page-faults.
    let root = 0x8000_8000u64;
    m.set_csr_by_name("satp", 8 << 60 | root >> 12).unwrap();
    m.set_privilege(Privilege::User);
    let mut buf = [0u8; 4];
    assert_eq!(
        m.read_virt(0x1000, &mut buf),
        Err(AccessError::Fault(hartsim::Exception::LoadPageFault(0x1000)))
    );
    assert_eq!(
        m.write_virt(0x2000, &buf),
        Err(AccessError::Fault(hartsim::Exception::StorePageFault(0x2000)))
    );
    // Map virtual page 0 to RAM page 0x80001 (a U, R, W, A, D leaf at level 0).
    let (mid, leaf_table) = (0x8000_9000u64, 0x8000_a000u64);
    let pointer = |table: u64| (table >> 12) << 10 | 1;
    m.write_phys(root, &pointer(mid).to_le_bytes()).unwrap();
    m.write_phys(mid, &pointer(leaf_table).to_le_bytes()).unwrap();
    let leaf: u64 = (0x80001 << 10) | 0xd7; // D A U W R V
    m.write_phys(leaf_table, &leaf.to_le_bytes()).unwrap();
    m.write_virt(0x10, &[9, 8, 7, 6]).unwrap();
    m.read_phys(0x8000_1010, &mut buf).unwrap();
    assert_eq!(buf, [9, 8, 7, 6]);
    assert_eq!(m.translate(0x10), Ok(0x8000_1010));
    assert_eq!(
        m.translate(0x1010),
        Err(AccessError::Fault(hartsim::Exception::LoadPageFault(0x1010)))
    );
}

#[test]
fn hostile_configurations_are_errors() {
    let config = |memory| MachineConfig { memory, ..Default::default() };
    for memory in [0, 4095, 4097, 1 << 40, u64::MAX] {
        assert!(Machine::builder_from(config(memory)).build().is_err(), "{memory}");
    }
    // A device tree larger than RAM cannot go where it goes.
    let mut huge_dtb = vec![0u8; 64 << 10];
    huge_dtb[..4].copy_from_slice(&[0xd0, 0x0d, 0xfe, 0xed]);
    let err = Machine::builder().memory(16 << 10).dtb(huge_dtb).build();
    assert!(matches!(err, Err(Error::Config(ConfigError::DeviceTreeTooLarge(_)))));
    let not_a_dtb = Machine::builder().dtb(vec![1, 2, 3]).build();
    assert!(matches!(not_a_dtb, Err(Error::Config(ConfigError::NotADeviceTree))));
    // A device tree given by the user must reach the guest: an image over
    // where it goes is an error, never a silent a1 = 0.
    let dtb = Machine::builder().memory(4 << 20).build().unwrap().dtb().to_vec();
    let mut m = Machine::builder().memory(4 << 20).dtb(dtb).build().unwrap();
    let err = m.load_raw(0x8000_0000, &vec![0u8; 4 << 20]);
    assert!(
        matches!(
            err,
            Err(Error::Config(ConfigError::DeviceTreeOverlapsImage { dtb_start: 0x8020_0000, .. }))
        ),
        "{err:?}"
    );
    assert!(m.load_raw(0x8000_0000, &[0u8; 4096]).is_ok());
    assert_eq!(m.x(11).unwrap(), 0x8020_0000);
    assert!(Machine::from_elf(b"not an elf", MachineConfig::default()).is_err());
    assert!(Machine::from_elf(&[], MachineConfig::default()).is_err());
}

struct Nothing;
impl Device for Nothing {
    fn read(&mut self, _: u64, _: u64, _: &mut DeviceCtx) -> Option<u64> {
        None
    }
    fn write(&mut self, _: u64, _: u64, _: u64, _: &mut DeviceCtx) -> WriteOutcome {
        WriteOutcome::Fault
    }
}

#[test]
fn device_windows_and_interrupts_are_checked() {
    let build = |base, size, irq| Machine::builder().device(base, size, Nothing, irq).build();
    for (base, size, irq) in [
        (0x8000_0000, 0x1000, None),  // RAM
        (0x7fff_f000, 0x2000, None),  // into RAM
        (0x1000_0000, 0x100, None),   // the UART
        (0x0200_8000, 0x10, None),    // the CLINT
        (0x0c00_0000, 0x10, None),    // the PLIC
        (0x0010_0000, 0x10, None),    // the finisher
        (0x4000_0000, 0, None),       // empty
        (u64::MAX - 10, 0x100, None), // wraps
        (0x4000_0000, 0x100, Some(0)),
        (0x4000_0000, 0x100, Some(10)), // the UART's source
        (0x4000_0000, 0x100, Some(96)),
        (0x4000_0000, 0x100, Some(u32::MAX)),
    ] {
        assert!(build(base, size, irq).is_err(), "{base:#x}+{size:#x} irq {irq:?}");
    }
    assert!(build(0x4000_0000, 0x100, Some(95)).is_ok());
    let two = Machine::builder()
        .device(0x4000_0000, 0x100, Nothing, None)
        .device(0x4000_0080, 0x100, Nothing, None)
        .build();
    assert!(two.is_err(), "overlapping devices");
}

#[test]
fn a_guest_reset_keeps_ram_and_reloads_the_image() {
    // Count boots in a RAM word beyond the image; reset through the
    // finisher until the count reaches 3, then pass. The image's own words
    // are written again at each reset (the marker word goes back to 7).
    use hartsim::isa::asm::assemble;
    // Branch targets are absolute, as the disassembler prints them.
    let program = [
        "auipc t0, 0x1", // t0 = 0x80001000: the boot counter, outside the image
        "ld t1, 0(t0)",
        "addi t1, t1, 1",
        "sd t1, 0(t0)",
        "auipc t2, 0",    // t2 = 0x80000010
        "ld t3, 112(t2)", // the marker word at image offset 0x80
        "addi t4, zero, 7",
        "lui t5, 0x100",        // the finisher
        "bne t3, t4, 80000048", // to `fail` when the image was not written again
        "sd zero, 112(t2)",     // clobber the marker
        "addi t4, zero, 3",
        "blt t1, t4, 8000003c", // fewer than 3 boots: reset
        "lui t6, 0x5",          // pass: 0x5555
        "addi t6, t6, 1365",
        "sw t6, 0(t5)",
        "lui t6, 0x7", // reset: 0x7777
        "addi t6, t6, 1911",
        "sw t6, 0(t5)",
        "lui t6, 0x13", // fail: exit code 1 (0x13333)
        "addi t6, t6, 819",
        "sw t6, 0(t5)",
    ];
    let mut code = Vec::new();
    for (i, line) in program.iter().enumerate() {
        let word = assemble(line, 0x8000_0000 + 4 * i as u64).expect(line);
        code.extend_from_slice(&word.to_le_bytes());
    }
    code.resize(0x80, 0);
    code.extend_from_slice(&7u64.to_le_bytes());
    let mut m = Machine::from_flat_binary(
        &code,
        MachineConfig { capture_output: true, ..Default::default() },
    )
    .unwrap();
    assert_eq!(m.run(Some(10_000)), RunOutcome::Exited(0));
    let mut count = [0u8; 8];
    m.read_phys(0x8000_1000, &mut count).unwrap();
    assert_eq!(u64::from_le_bytes(count), 3, "three boots counted in RAM");
}

/// Svpbmt: a leaf's memory type (PTE bits 62:61) is a page fault unless
/// `menvcfg.PBMTE` is set, and type 3 is reserved; on a non-leaf it is
/// always a fault. Checked through `Machine::translate` in S-mode.
#[test]
fn svpbmt_memory_types_follow_menvcfg_pbmte() {
    let mut m = Machine::builder().memory(4 << 20).capture_output(true).build().unwrap();
    let root = 0x8010_0000u64;
    // One 1 GiB leaf: virtual 0x4000_0000 -> physical 0x8000_0000, RWX, A, D.
    let leaf = |pbmt: u64| pbmt << 61 | (0x8000_0000u64 >> 12) << 10 | 0xcf;
    // S-mode needs a PMP entry: all of memory, RWX.
    m.set_csr_by_name("pmpaddr0", u64::MAX >> 10).unwrap();
    m.set_csr_by_name("pmpcfg0", 0x1f).unwrap();
    m.set_csr_by_name("satp", 8 << 60 | root >> 12).unwrap();
    m.set_privilege(hartsim::Privilege::Supervisor);
    let mut translate_with = |pbmt: u64, pbmte: bool| {
        m.write_phys(root + 8, &leaf(pbmt).to_le_bytes()).unwrap();
        m.set_csr_by_name("menvcfg", if pbmte { 1 << 62 } else { 0 }).unwrap();
        m.set_csr_by_name("satp", 8 << 60 | root >> 12).unwrap(); // flushes the TLB
        m.translate(0x4000_0010)
    };
    assert_eq!(translate_with(0, false), Ok(0x8000_0010), "PMA (0) needs nothing");
    assert!(translate_with(1, false).is_err(), "NC without PBMTE faults");
    assert_eq!(translate_with(1, true), Ok(0x8000_0010), "NC with PBMTE translates");
    assert_eq!(translate_with(2, true), Ok(0x8000_0010), "IO with PBMTE translates");
    assert!(translate_with(3, true).is_err(), "type 3 is reserved");
    let strict = Machine::builder()
        .isa(hartsim::isa::Isa::parse("rv64gc").unwrap())
        .memory(4 << 20)
        .capture_output(true)
        .build()
        .unwrap();
    let mut strict = strict;
    strict.set_csr_by_name("menvcfg", 1 << 62).unwrap();
    assert_eq!(strict.csr_by_name("menvcfg").unwrap(), 0, "PBMTE is read-only 0 without Svpbmt");
}
