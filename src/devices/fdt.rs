//! The device tree for this machine, generated at start as QEMU's `virt`
//! generates its own: memory, one hart with its interrupt controller, and the
//! `soc` bus with each device's node (written by that device's module). It
//! goes into RAM like QEMU's, with its address in `a1` at reset.

use super::{CYCLES_PER_TICK, DtNode, DtValue, PHANDLE_CPU_INTC, PHANDLE_PLIC};
use crate::isa::{CACHE_BLOCK_BYTES, Ext, Isa};
use crate::memory_map::{RAM_BASE, UART_BASE};
use vm_fdt::{FdtWriter, FdtWriterResult};

/// A node under `/soc`, with the window and interrupt source of the device
/// it describes when it is a device's own node (see `Device::device_tree`).
pub type SocNode = (DtNode, Option<(u64, u64, Option<u32>)>);
/// `mtime` ticks per second: one tick per 100 cycles at a nominal 1 GHz.
pub const TIMEBASE_HZ: u32 = (1_000_000_000 / CYCLES_PER_TICK) as u32;

fn reg(base: u64, size: u64) -> [u64; 2] {
    [base, size]
}

/// Write one `/soc` node: a device's own node gets its unit address, `reg`
/// and interrupt.
fn write_node(
    fdt: &mut FdtWriter,
    node: &DtNode,
    place: Option<(u64, u64, Option<u32>)>,
) -> FdtWriterResult<()> {
    let name = match place {
        Some((base, ..)) => format!("{}@{base:x}", node.name),
        None => node.name.clone(),
    };
    let handle = fdt.begin_node(&name)?;
    for (prop, value) in &node.properties {
        match value {
            DtValue::Empty => fdt.property_null(prop)?,
            DtValue::U32(v) => fdt.property_u32(prop, *v)?,
            DtValue::U32s(v) => fdt.property_array_u32(prop, v)?,
            DtValue::String(v) => fdt.property_string(prop, v)?,
            DtValue::Strings(v) => fdt.property_string_list(prop, v.clone())?,
        }
    }
    if let Some((base, size, irq)) = place {
        fdt.property_array_u64("reg", &reg(base, size))?;
        if let Some(irq) = irq {
            fdt.property_u32("interrupt-parent", PHANDLE_PLIC)?;
            fdt.property_u32("interrupts", irq)?;
        }
    }
    fdt.end_node(handle)
}

/// What `/chosen` says: the kernel command line and where the initrd is.
#[derive(Debug, Clone, Copy, Default)]
pub struct Chosen<'a> {
    /// `bootargs`.
    pub bootargs: Option<&'a str>,
    /// `linux,initrd-start` and `linux,initrd-end`.
    pub initrd: Option<(u64, u64)>,
}

/// Build the flattened device tree blob: the hart, memory, `/chosen`, and
/// the devices' own nodes under `/soc`.
pub fn machine_fdt(
    memory: u64,
    chosen: Chosen,
    isa: &Isa,
    soc_nodes: &[SocNode],
) -> FdtWriterResult<Vec<u8>> {
    let mut fdt = FdtWriter::new()?;
    let root = fdt.begin_node("")?;
    fdt.property_u32("#address-cells", 2)?;
    fdt.property_u32("#size-cells", 2)?;
    fdt.property_string("compatible", "riscv-virtio")?;
    fdt.property_string("model", "hartsim,virt")?;

    let chosen_node = fdt.begin_node("chosen")?;
    fdt.property_string("stdout-path", &format!("/soc/serial@{UART_BASE:x}"))?;
    if let Some(args) = chosen.bootargs {
        fdt.property_string("bootargs", args)?;
    }
    if let Some((start, end)) = chosen.initrd {
        fdt.property_u64("linux,initrd-start", start)?;
        fdt.property_u64("linux,initrd-end", end)?;
    }
    fdt.end_node(chosen_node)?;

    let mem = fdt.begin_node(&format!("memory@{RAM_BASE:x}"))?;
    fdt.property_string("device_type", "memory")?;
    fdt.property_array_u64("reg", &reg(RAM_BASE, memory))?;
    fdt.end_node(mem)?;

    let cpus = fdt.begin_node("cpus")?;
    fdt.property_u32("#address-cells", 1)?;
    fdt.property_u32("#size-cells", 0)?;
    fdt.property_u32("timebase-frequency", TIMEBASE_HZ)?;
    let cpu = fdt.begin_node("cpu@0")?;
    fdt.property_string("device_type", "cpu")?;
    fdt.property_u32("reg", 0)?;
    fdt.property_string("status", "okay")?;
    fdt.property_string("compatible", "riscv")?;
    // Both forms: the old single string (OpenSBI, older kernels) and the
    // newer base + list that Linux 6.7+ prefers.
    fdt.property_string("riscv,isa", &isa.to_string())?;
    fdt.property_string("riscv,isa-base", "rv64i")?;
    let names = isa.extension_names().into_iter().map(String::from).collect();
    fdt.property_string_list("riscv,isa-extensions", names)?;
    for (ext, property) in [
        (Ext::Zicbom, "riscv,cbom-block-size"),
        (Ext::Zicbop, "riscv,cbop-block-size"),
        (Ext::Zicboz, "riscv,cboz-block-size"),
    ] {
        if isa.has(ext) {
            fdt.property_u32(property, CACHE_BLOCK_BYTES as u32)?;
        }
    }
    fdt.property_string("mmu-type", "riscv,sv57")?;
    let intc = fdt.begin_node("interrupt-controller")?;
    fdt.property_u32("#address-cells", 0)?;
    fdt.property_u32("#interrupt-cells", 1)?;
    fdt.property_null("interrupt-controller")?;
    fdt.property_string("compatible", "riscv,cpu-intc")?;
    fdt.property_phandle(PHANDLE_CPU_INTC)?;
    fdt.end_node(intc)?;
    fdt.end_node(cpu)?;
    fdt.end_node(cpus)?;

    let soc = fdt.begin_node("soc")?;
    fdt.property_u32("#address-cells", 2)?;
    fdt.property_u32("#size-cells", 2)?;
    fdt.property_string("compatible", "simple-bus")?;
    fdt.property_null("ranges")?;
    for (node, place) in soc_nodes {
        write_node(&mut fdt, node, *place)?;
    }
    fdt.end_node(soc)?;
    fdt.end_node(root)?;
    fdt.finish()
}

/// Where QEMU's `virt` puts the device tree: the end of RAM (capped at 3 GiB),
/// minus its size, aligned down to 2 MiB.
pub fn fdt_address(memory: u64, fdt_size: u64) -> Option<u64> {
    const TWO_MIB: u64 = 2 << 20;
    let top = (RAM_BASE + memory).min(3 << 30);
    let addr = top.checked_sub(fdt_size)? & !(TWO_MIB - 1);
    (addr >= RAM_BASE).then_some(addr)
}

/// The magic number a flattened device tree starts with.
pub const FDT_MAGIC: [u8; 4] = [0xd0, 0x0d, 0xfe, 0xed];
