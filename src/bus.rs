//! The physical address map of the QEMU `virt` machine: RAM plus memory-mapped
//! devices. RAM accesses take a short fast path; everything else is routed to the
//! device that owns the address, or reported as an access fault.

use crate::devices::fdt::SocNode;
use crate::devices::{
    Clint, Console, Device, DeviceAccess, DeviceCtx, GuestRam, Htif, Plic, Rom, RomContents,
    Semihost, Stop, TestFinisher, Uart16550, WriteOutcome,
};

pub use crate::memory_map::*;

/// An access the bus cannot complete: nothing is mapped there, or the device
/// refused the access width. The hart turns it into an access-fault trap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccessFault;

/// A device's name for messages: its device-tree node name.
fn device_name(m: &Mapped) -> String {
    match m.device.device_tree().first() {
        Some(node) => format!("{}@{:x}", node.name, m.base),
        None => format!("the device at {:#x}", m.base),
    }
}

/// Guest RAM is tracked for translated code in lines of this many bytes
/// (log2): a store into a line that holds decoded code invalidates the decoded
/// blocks, while data that merely shares a page with code costs nothing.
pub const CODE_LINE_SHIFT: u32 = 6;

/// `size` zero bytes, or `None` when the host cannot provide them. The
/// allocator maps large zeroed blocks lazily, so RAM the guest never touches
/// costs no host memory.
fn zeroed_bytes(size: usize) -> Option<Vec<u8>> {
    let layout = std::alloc::Layout::array::<u8>(size).ok()?;
    if size == 0 {
        return Some(Vec::new());
    }
    // SAFETY: the layout has a non-zero size.
    let ptr = unsafe { std::alloc::alloc_zeroed(layout) };
    if ptr.is_null() {
        return None;
    }
    // SAFETY: `ptr` comes from the global allocator with the layout of a
    // `[u8; size]`, and all `size` bytes are initialised (zero).
    Some(unsafe { Vec::from_raw_parts(ptr, size, size) })
}

/// Guest RAM: a flat byte array starting at `RAM_BASE`, plus the record of
/// which lines hold code the engine has decoded.
pub struct Ram {
    bytes: Vec<u8>,
    /// One flag per code line (non-zero: the engine holds decoded blocks
    /// built from it).
    code_lines: Vec<u8>,
    /// The lines set in `code_lines`, so clearing them costs what setting did.
    marked_lines: Vec<u32>,
    /// A write reached a code line since the engine last dropped its blocks.
    code_written: bool,
    /// `size() - 8`: an access of up to 8 bytes at an offset up to this is
    /// in bounds, whatever its size (one compare on the fast paths).
    last_wide_offset: u64,
}

impl Ram {
    /// `size` zero bytes of RAM; `None` when it is under a page (the
    /// access bounds checks rely on at least 8 bytes) or the host cannot
    /// provide it.
    pub fn new(size: usize) -> Option<Self> {
        if size < 4096 {
            return None;
        }
        let lines = size.div_ceil(1 << CODE_LINE_SHIFT);
        Some(Ram {
            bytes: zeroed_bytes(size)?,
            code_lines: zeroed_bytes(lines)?,
            marked_lines: Vec::new(),
            code_written: false,
            last_wide_offset: size as u64 - 8,
        })
    }

    pub fn size(&self) -> u64 {
        self.bytes.len() as u64
    }

    /// The bytes `[addr, addr + len)` if they all lie in RAM.
    pub fn slice(&self, addr: u64, len: u64) -> Option<&[u8]> {
        let off = addr.checked_sub(RAM_BASE)?;
        let end = off.checked_add(len)?;
        self.bytes.get(off as usize..usize::try_from(end).ok()?)
    }

    /// Mutable access for loaders and devices; any decoded code is assumed
    /// to be overwritten.
    pub fn slice_mut(&mut self, addr: u64, len: u64) -> Option<&mut [u8]> {
        let off = addr.checked_sub(RAM_BASE)?;
        let end = off.checked_add(len)?;
        self.code_written |= !self.marked_lines.is_empty();
        self.bytes.get_mut(off as usize..usize::try_from(end).ok()?)
    }

    /// Zero `[addr, addr + len)` (where it is RAM), writing only the pages
    /// that are not zero already: untouched RAM costs the host nothing, and
    /// writing zeros over it would commit it, so a tiny ELF claiming a
    /// 2 GiB `.bss` would cost 2 GiB.
    pub fn clear(&mut self, addr: u64, len: u64) {
        if let Some(bytes) = self.slice_mut(addr, len) {
            for page in bytes.chunks_mut(4096) {
                if page.iter().any(|&b| b != 0) {
                    page.fill(0);
                }
            }
        }
    }

    /// Little-endian read of `size` (1, 2, 4 or 8) bytes; any alignment.
    #[inline(always)]
    pub fn read(&self, addr: u64, size: u64) -> Option<u64> {
        let off = addr.wrapping_sub(RAM_BASE);
        if off > self.last_wide_offset {
            return self.read_near_end(off, size);
        }
        // SAFETY: `off <= last_wide_offset`, so 8 bytes from it are in RAM.
        Some(unsafe { self.read_at(off, size) })
    }

    /// `read` for the last 8 bytes of RAM and beyond.
    #[cold]
    fn read_near_end(&self, off: u64, size: u64) -> Option<u64> {
        let bytes = self.bytes.get(off as usize..off.checked_add(size)? as usize)?;
        let mut buf = [0u8; 8];
        buf[..size as usize].copy_from_slice(bytes);
        Some(u64::from_le_bytes(buf))
    }

    /// Read `size` (at most 8) bytes at byte `offset` of RAM.
    ///
    /// # Safety
    /// `offset + size <= self.size()`: `read` checks it against
    /// `last_wide_offset`, and the TLB maps only pages wholly in this RAM
    /// (see `Tlb::lookup_ram`) to accesses that stay within their page.
    #[inline(always)]
    pub unsafe fn read_at(&self, offset: u64, size: u64) -> u64 {
        debug_assert!(offset + size <= self.size());
        let mut buf = [0u8; 8];
        // SAFETY: in bounds by the caller's guarantee.
        let bytes = unsafe { self.bytes.get_unchecked(offset as usize..(offset + size) as usize) };
        buf[..size as usize].copy_from_slice(bytes);
        u64::from_le_bytes(buf)
    }

    /// Write `size` bytes at byte `offset` of RAM unless they touch a line
    /// of decoded code (`false`: nothing written).
    ///
    /// # Safety
    /// `offset + size <= self.size()`, as for `read_at`.
    #[inline(always)]
    pub unsafe fn write_at_if_plain(&mut self, offset: u64, size: u64, value: u64) -> bool {
        debug_assert!(offset + size <= self.size());
        let (off, end) = (offset as usize, (offset + size) as usize);
        // SAFETY: in bounds by the caller's guarantee; `code_lines` has a
        // flag for every line of RAM.
        unsafe {
            if *self.code_lines.get_unchecked(off >> CODE_LINE_SHIFT)
                | *self.code_lines.get_unchecked((end - 1) >> CODE_LINE_SHIFT)
                != 0
            {
                return false;
            }
            self.bytes
                .get_unchecked_mut(off..end)
                .copy_from_slice(&value.to_le_bytes()[..size as usize]);
        }
        true
    }

    /// Little-endian write of `size` bytes; any alignment. `Some(true)` when
    /// the write reached a line holding decoded code.
    #[inline(always)]
    pub fn write(&mut self, addr: u64, size: u64, value: u64) -> Option<bool> {
        let off = addr.wrapping_sub(RAM_BASE);
        if off >= self.size() || self.size() - off < size {
            return None;
        }
        self.bytes[off as usize..(off + size) as usize]
            .copy_from_slice(&value.to_le_bytes()[..size as usize]);
        let hits_code = self.code_lines[(off >> CODE_LINE_SHIFT) as usize]
            | self.code_lines[((off + size - 1) >> CODE_LINE_SHIFT) as usize]
            != 0;
        self.code_written |= hits_code;
        Some(hits_code)
    }

    /// A plain RAM store for the engine's fast path: done only when `[addr,
    /// addr + size)` lies in RAM, outside decoded code; `false` means nothing
    /// was written and the full store path must run.
    #[inline(always)]
    pub fn write_if_plain(&mut self, addr: u64, size: u64, value: u64) -> bool {
        let off = addr.wrapping_sub(RAM_BASE);
        // The last 8 bytes of RAM take the full store path.
        // SAFETY: `off <= last_wide_offset`, so 8 bytes from it are in RAM.
        off <= self.last_wide_offset && unsafe { self.write_at_if_plain(off, size, value) }
    }

    /// Record that `[addr, addr + len)` (in RAM) now backs decoded code.
    pub fn mark_code(&mut self, addr: u64, len: u64) {
        let off = addr - RAM_BASE;
        for line in off >> CODE_LINE_SHIFT..=(off + len - 1) >> CODE_LINE_SHIFT {
            let flag = &mut self.code_lines[line as usize];
            if *flag == 0 {
                *flag = 1;
                self.marked_lines.push(line as u32);
            }
        }
    }

    /// Has decoded code been overwritten since `forget_code`?
    #[inline(always)]
    pub fn code_written(&self) -> bool {
        self.code_written
    }

    /// The engine dropped all its decoded blocks: no line holds code now.
    pub fn forget_code(&mut self) {
        for line in self.marked_lines.drain(..) {
            self.code_lines[line as usize] = 0;
        }
        self.code_written = false;
    }
}

/// What a completed write reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Ram,
    /// RAM that held decoded code: the engine must drop its blocks.
    Code,
    Device,
    /// The write asked the machine to stop (see `Bus::stop`).
    Stop,
}

/// A device in the registry: its window, and the PLIC source its line drives.
struct Mapped {
    base: u64,
    size: u64,
    device: Box<dyn Device>,
    irq: Option<u32>,
}

/// The interrupt lines the devices drive into the hart's `mip`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InterruptLines {
    /// Machine software interrupt (the CLINT's `msip`).
    pub msip: bool,
    /// Machine timer interrupt (`mtime >= mtimecmp`).
    pub mtip: bool,
    /// Machine and supervisor external interrupts (the PLIC's contexts).
    pub meip: bool,
    pub seip: bool,
}

/// HTIF reads and writes RAM through this (see `GuestRam`).
impl GuestRam for Ram {
    fn read(&self, addr: u64, size: u64) -> Option<u64> {
        Ram::read(self, addr, size)
    }

    fn write(&mut self, addr: u64, size: u64, value: u64) -> bool {
        Ram::write(self, addr, size, value).is_some()
    }

    fn bytes(&self, addr: u64, len: u64) -> Option<&[u8]> {
        self.slice(addr, len)
    }
}

/// A device window the bus cannot take.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MapError {
    /// The window is empty or runs past the end of the address space.
    #[error("device window {base:#x}+{size:#x} is empty or wraps around")]
    BadWindow {
        /// Start of the window.
        base: u64,
        /// Its size in bytes.
        size: u64,
    },
    /// The window overlaps RAM or another device.
    #[error("device window {base:#x}+{size:#x} overlaps {other}")]
    Overlap {
        /// Start of the window.
        base: u64,
        /// Its size in bytes.
        size: u64,
        /// What is already there.
        other: String,
    },
    /// The PLIC source is not 1 to 95, or another device has it.
    #[error("interrupt source {0} is out of range (1 to {last}) or already taken", last = crate::devices::LAST_SOURCE)]
    BadIrq(u32),
}

/// RAM and devices, as the hart sees them through physical addresses. The
/// CLINT and PLIC are the hart's interrupt sources and have fixed places;
/// every other device is a part in the registry.
pub struct Bus {
    pub ram: Ram,
    pub clint: Clint,
    pub plic: Plic,
    devices: Vec<Mapped>,
    pub htif: Option<Htif>,
    pub console: Console,
    /// The boot ROM's bytes (written by the machine at every reset).
    pub rom: RomContents,
    /// Semihosting's host side, when it is on.
    pub semihost: Option<Box<Semihost>>,
    /// Address of the HTIF `tohost` word, or `u64::MAX` when there is none;
    /// kept outside `htif` so the RAM store path tests it with one compare.
    tohost: u64,
    /// Why the machine must stop, once a device asked for it.
    pub stop: Option<Stop>,
    /// Device accesses since the engine last looked, while an observer
    /// wants them (`None` otherwise: the log costs nothing then).
    pub device_log: Option<Vec<DeviceAccess>>,
}

impl Bus {
    /// The `virt` machine's bus: `ram`, the CLINT, the PLIC, and the
    /// registry with the test finisher and the UART.
    pub fn new(ram: Ram, console: Console, htif: Option<Htif>, clint: Clint) -> Self {
        let tohost = htif.as_ref().map_or(u64::MAX, |h| h.tohost_addr());
        let mut bus = Bus {
            ram,
            clint,
            plic: Plic::new(),
            devices: Vec::new(),
            htif,
            console,
            rom: RomContents::default(),
            semihost: None,
            tohost,
            stop: None,
            device_log: None,
        };
        let (rom, contents) = Rom::new(MROM_SIZE as usize);
        bus.rom = contents;
        let standard = [
            Mapped { base: MROM_BASE, size: MROM_SIZE, device: Box::new(rom), irq: None },
            Mapped {
                base: FINISHER_BASE,
                size: FINISHER_SIZE,
                device: Box::new(TestFinisher),
                irq: None,
            },
            Mapped {
                base: UART_BASE,
                size: UART_SIZE,
                device: Box::new(Uart16550::default()),
                irq: Some(UART_IRQ),
            },
        ];
        for m in standard {
            bus.add_device(m.base, m.size, m.device, m.irq)
                .expect("the standard map is consistent");
        }
        bus
    }

    /// Register `device` at `[base, base + size)`, its line driving PLIC
    /// source `irq`. The window must not overlap RAM or another device.
    pub fn add_device(
        &mut self,
        base: u64,
        size: u64,
        device: Box<dyn Device>,
        irq: Option<u32>,
    ) -> Result<(), MapError> {
        let end = base.checked_add(size).filter(|_| size > 0);
        let Some(end) = end else { return Err(MapError::BadWindow { base, size }) };
        let ram = (RAM_BASE, RAM_BASE + self.ram.size(), "RAM".to_string());
        let taken = [
            ram,
            (CLINT_BASE, CLINT_BASE + CLINT_SIZE, "the CLINT".into()),
            (PLIC_BASE, PLIC_BASE + PLIC_SIZE, "the PLIC".into()),
        ]
        .into_iter()
        .chain(self.devices.iter().map(|m| (m.base, m.base + m.size, device_name(m))));
        for (start, stop, name) in taken {
            if base < stop && start < end {
                return Err(MapError::Overlap { base, size, other: name });
            }
        }
        if let Some(n) = irq {
            let taken = self.devices.iter().any(|m| m.irq == Some(n));
            if n == 0 || n > crate::devices::LAST_SOURCE || taken {
                return Err(MapError::BadIrq(n));
            }
        }
        self.devices.push(Mapped { base, size, device, irq });
        Ok(())
    }

    /// Attach (or detach) HTIF: a program's `tohost`/`fromhost` words.
    pub fn set_htif(&mut self, htif: Option<Htif>) {
        self.tohost = htif.as_ref().map_or(u64::MAX, |h| h.tohost_addr());
        self.htif = htif;
    }

    /// The lines into the hart's `mip` at virtual time `now`.
    #[inline]
    pub fn interrupt_lines(&self, now: u64) -> InterruptLines {
        InterruptLines {
            msip: self.clint.msip,
            mtip: self.clint.timer_pending(now),
            meip: self.plic.interrupt_pending(0),
            seip: self.plic.interrupt_pending(1),
        }
    }

    /// `mtime` at virtual time `now` (the `time` CSR).
    pub fn mtime(&self, now: u64) -> u64 {
        self.clint.mtime(now)
    }

    /// Every device back to its power-on state (RAM is left as it is).
    pub fn reset_devices(&mut self) {
        self.clint.reset();
        for m in &mut self.devices {
            m.device.reset();
        }
        self.plic.reset();
        self.stop = None;
        self.update_irq_lines();
    }

    /// The `/soc` device-tree nodes of every device, each first node named
    /// `name@base` with its `reg` and interrupt.
    pub fn device_tree_nodes(&self) -> Vec<SocNode> {
        let fixed: [(&dyn Device, u64, u64, Option<u32>); 2] =
            [(&self.clint, CLINT_BASE, CLINT_SIZE, None), (&self.plic, PLIC_BASE, PLIC_SIZE, None)];
        let registry = self.devices.iter().map(|m| (&*m.device, m.base, m.size, m.irq));
        let mut nodes = Vec::new();
        for (device, base, size, irq) in fixed.into_iter().chain(registry) {
            for (i, node) in device.device_tree().into_iter().enumerate() {
                nodes.push((node, (i == 0).then_some((base, size, irq))));
            }
        }
        nodes
    }

    /// Read `size` bytes at physical `addr`; `now` is the virtual time in cycles.
    #[inline(always)]
    pub fn read(&mut self, addr: u64, size: u64, now: u64) -> Result<u64, AccessFault> {
        match self.ram.read(addr, size) {
            Some(v) => Ok(v),
            None => self.read_device(addr, size, now),
        }
    }

    /// Write `size` bytes at physical `addr`; `now` is the virtual time in cycles.
    #[inline(always)]
    pub fn write(
        &mut self,
        addr: u64,
        size: u64,
        value: u64,
        now: u64,
    ) -> Result<Written, AccessFault> {
        if let Some(hit_code) = self.ram.write(addr, size, value) {
            // A store covering the first byte of `tohost` is a command to the host.
            if self.tohost.wrapping_sub(addr) < size {
                return Ok(self.service_htif());
            }
            return Ok(if hit_code { Written::Code } else { Written::Ram });
        }
        self.write_device(addr, size, value, now)
    }

    /// The engine's store fast path: a plain RAM store that needs no device,
    /// no HTIF service and no code invalidation. `false`: nothing was written.
    #[inline(always)]
    pub fn store_if_plain(&mut self, addr: u64, size: u64, value: u64) -> bool {
        self.tohost.wrapping_sub(addr) >= size && self.ram.write_if_plain(addr, size, value)
    }

    /// `store_if_plain` for an access the TLB resolved to RAM byte `offset`.
    ///
    /// # Safety
    /// As for `Ram::write_at_if_plain`.
    #[inline(always)]
    pub unsafe fn store_at_if_plain(&mut self, offset: u64, size: u64, value: u64) -> bool {
        // SAFETY: passed on from the caller.
        self.tohost.wrapping_sub(RAM_BASE + offset) >= size
            && unsafe { self.ram.write_at_if_plain(offset, size, value) }
    }

    /// Run `f` on the device that owns `addr`, with the offset into its window.
    fn with_device<R>(
        &mut self,
        addr: u64,
        now: u64,
        f: impl FnOnce(&mut dyn Device, u64, &mut DeviceCtx) -> R,
    ) -> Option<R> {
        let Bus { clint, plic, devices, console, .. } = self;
        let mut ctx = DeviceCtx { now, console };
        if addr.wrapping_sub(CLINT_BASE) < CLINT_SIZE {
            return Some(f(clint, addr - CLINT_BASE, &mut ctx));
        }
        if addr.wrapping_sub(PLIC_BASE) < PLIC_SIZE {
            return Some(f(plic, addr - PLIC_BASE, &mut ctx));
        }
        let m = devices.iter_mut().find(|m| addr.wrapping_sub(m.base) < m.size)?;
        let result = f(m.device.as_mut(), addr - m.base, &mut ctx);
        // The access may have changed the device's line.
        if let Some(irq) = m.irq {
            plic.set_line(irq as usize, m.device.interrupt_level(&mut ctx));
        }
        Some(result)
    }

    /// Feed the lines of devices that watch console input into the PLIC.
    pub fn update_irq_lines(&mut self) {
        let Bus { plic, devices, console, .. } = self;
        let mut ctx = DeviceCtx { now: 0, console };
        for m in devices.iter_mut() {
            if let Some(irq) = m.irq {
                plic.set_line(irq as usize, m.device.interrupt_level(&mut ctx));
            }
        }
    }

    /// Could console input raise an interrupt (so it must be polled for)?
    pub fn waiting_for_input(&self) -> bool {
        self.console.input_open() && self.devices.iter().any(|m| m.device.waits_for_input())
    }

    #[cold]
    fn read_device(&mut self, addr: u64, size: u64, now: u64) -> Result<u64, AccessFault> {
        let value = self.with_device(addr, now, |dev, off, ctx| dev.read(off, size, ctx)).flatten();
        if let Some(log) = &mut self.device_log {
            let (value, faulted) = (value.unwrap_or(0), value.is_none());
            log.push(DeviceAccess { addr, size, value, write: false, faulted });
        }
        value.ok_or(AccessFault)
    }

    #[cold]
    fn write_device(
        &mut self,
        addr: u64,
        size: u64,
        value: u64,
        now: u64,
    ) -> Result<Written, AccessFault> {
        let outcome = self.with_device(addr, now, |dev, off, ctx| dev.write(off, size, value, ctx));
        let outcome = outcome.unwrap_or(WriteOutcome::Fault);
        if let Some(log) = &mut self.device_log {
            let faulted = matches!(outcome, WriteOutcome::Fault);
            log.push(DeviceAccess { addr, size, value, write: true, faulted });
        }
        match outcome {
            WriteOutcome::Done => Ok(Written::Device),
            WriteOutcome::Stop(stop) => {
                self.stop = Some(stop);
                Ok(Written::Stop)
            }
            WriteOutcome::Fault => Err(AccessFault),
        }
    }

    #[cold]
    fn service_htif(&mut self) -> Written {
        let Some(htif) = self.htif.as_mut() else { return Written::Ram };
        match htif.service(&mut self.ram, &mut self.console) {
            Some(stop) => {
                self.stop = Some(stop);
                Written::Stop
            }
            None => Written::Ram,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::devices::fdt::{Chosen, FDT_MAGIC, SocNode, fdt_address, machine_fdt};
    use crate::isa::Isa;

    fn bus() -> Bus {
        Bus::new(Ram::new(4096).unwrap(), Console::captured(), None, Clint::default())
    }

    #[test]
    fn ram_reads_back_little_endian_at_any_alignment() {
        let mut b = bus();
        b.write(RAM_BASE + 3, 8, 0x1122_3344_5566_7788, 0).unwrap();
        assert_eq!(b.read(RAM_BASE + 3, 1, 0), Ok(0x88));
        assert_eq!(b.read(RAM_BASE + 4, 4, 0), Ok(0x4455_6677));
        assert_eq!(b.read(RAM_BASE + 3, 8, 0), Ok(0x1122_3344_5566_7788));
    }

    #[test]
    fn the_last_bytes_of_ram_work_at_every_size() {
        let mut b = bus();
        let end = RAM_BASE + 4096;
        for size in [1, 2, 4, 8] {
            for back in size..=size + 8 {
                let addr = end - back;
                assert_eq!(b.write(addr, size, 0x0102_0304_0506_0708, 0), Ok(Written::Ram));
                let want = 0x0102_0304_0506_0708 & (u64::MAX >> (64 - 8 * size));
                assert_eq!(b.read(addr, size, 0), Ok(want), "{size} bytes at end - {back}");
                assert!(b.store_if_plain(addr, size, 0) || back < 8, "fast path up to end - 8");
            }
            assert!(b.read(end - size + 1, size, 0).is_err(), "past the end");
            assert!(!b.store_if_plain(end - size + 1, size, 0), "past the end");
        }
    }

    #[test]
    fn accesses_outside_the_map_fault() {
        let mut b = bus();
        assert_eq!(b.read(0, 4, 0), Err(AccessFault));
        assert_eq!(b.read(RAM_BASE + 4094, 4, 0), Err(AccessFault), "straddles the end of RAM");
        assert_eq!(b.write(RAM_BASE - 1, 1, 0, 0), Err(AccessFault));
        assert_eq!(b.read(u64::MAX, 8, 0), Err(AccessFault));
    }

    #[test]
    fn finisher_pass_requests_exit_zero() {
        let mut b = bus();
        assert_eq!(b.write(FINISHER_BASE, 4, 0x5555, 0), Ok(Written::Stop));
        assert_eq!(b.stop, Some(Stop::Exit(0)));
    }

    /// The `/soc` nodes of the standard machine.
    fn soc() -> Vec<SocNode> {
        bus().device_tree_nodes()
    }

    #[test]
    fn the_device_tree_holds_the_registry_and_is_placed_like_qemu() {
        let blob = machine_fdt(
            128 << 20,
            Chosen { bootargs: Some("console=ttyS0"), initrd: Some((0x8800_0000, 0x8810_0000)) },
            &Isa::full(),
            &soc(),
        )
        .unwrap();
        assert_eq!(blob[..4], FDT_MAGIC);
        let text = String::from_utf8_lossy(&blob);
        for s in [
            "serial@10000000",
            "plic@c000000",
            "clint@2000000",
            "rv64imafdc_zicbom_zicbop_zicboz_zicntr",
            "riscv,isa-extensions",
            "zihintpause\0zfh\0zfhmin\0zba",
            "riscv,cboz-block-size",
            "console=ttyS0",
            "linux,initrd-start",
            "test@100000",
            "syscon-poweroff",
        ] {
            assert!(text.contains(s), "{s} missing");
        }
        let strict = machine_fdt(128 << 20, Chosen::default(), &Isa::RV64GC, &soc()).unwrap();
        let text = String::from_utf8_lossy(&strict);
        assert!(text.contains("rv64imafdc_zicntr_zicsr_zifencei\0"));
        assert!(!text.contains("zba") && !text.contains("cboz-block-size"));
        assert_eq!(fdt_address(128 << 20, blob.len() as u64), Some(0x87e0_0000));
        assert_eq!(fdt_address(64 << 10, blob.len() as u64), Some(RAM_BASE), "aligned down to RAM");
        assert_eq!(fdt_address(4 << 10, 8 << 10), None, "larger than RAM");
    }
}
