//! Where things are in the physical address map of QEMU's `virt` machine.
//! The lowest layer: the bus routes by these addresses, and the devices
//! describe themselves at them in the device tree.

/// The boot ROM (QEMU's MROM), where `a2`'s `fw_dynamic_info` lives.
pub const MROM_BASE: u64 = 0x1000;
pub const MROM_SIZE: u64 = 0xf000;
pub const FINISHER_BASE: u64 = 0x0010_0000;
pub const FINISHER_SIZE: u64 = 0x1000;
/// The Goldfish RTC, and its PLIC source, as on QEMU's `virt`.
pub const RTC_BASE: u64 = 0x0010_1000;
pub const RTC_SIZE: u64 = 0x1000;
pub const RTC_IRQ: u32 = 11;
pub const CLINT_BASE: u64 = 0x0200_0000;
pub const CLINT_SIZE: u64 = 0x1_0000;
pub const PLIC_BASE: u64 = 0x0c00_0000;
pub const PLIC_SIZE: u64 = 0x60_0000;
pub const UART_BASE: u64 = 0x1000_0000;
/// The UART's PLIC source number, as on QEMU's `virt`.
pub const UART_IRQ: u32 = 10;
pub const UART_SIZE: u64 = 0x100;
/// Where RAM starts in the physical address map.
pub const RAM_BASE: u64 = 0x8000_0000;

/// Device windows in the map, for routing and for the ELF loader's overlap checks.
pub const DEVICE_WINDOWS: &[(u64, u64, &str)] = &[
    (MROM_BASE, MROM_SIZE, "the boot ROM"),
    (FINISHER_BASE, FINISHER_SIZE, "the test finisher"),
    (RTC_BASE, RTC_SIZE, "the RTC"),
    (CLINT_BASE, CLINT_SIZE, "the CLINT"),
    (PLIC_BASE, PLIC_SIZE, "the PLIC"),
    (UART_BASE, UART_SIZE, "the UART"),
];
