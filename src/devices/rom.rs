//! The boot ROM at 0x1000 (QEMU's `virt` MROM): read-only data the machine
//! writes at every reset. hartsim starts the hart at the program's entry
//! with the registers QEMU's reset code would leave, so the ROM holds only
//! what that code points at: the start address, the device tree address,
//! and OpenSBI's `fw_dynamic_info` (whose address is in `a2`).

use super::{Device, DeviceCtx, WriteOutcome};
use std::sync::{Arc, Mutex};

/// The ROM's bytes, shared between the device and the machine that fills them.
pub type RomContents = Arc<Mutex<Vec<u8>>>;

/// A read-only window onto `RomContents`.
pub struct Rom {
    contents: RomContents,
}

impl Rom {
    /// A ROM of `size` zero bytes, and the handle to fill it.
    pub fn new(size: usize) -> (Rom, RomContents) {
        let contents = Arc::new(Mutex::new(vec![0; size]));
        (Rom { contents: Arc::clone(&contents) }, contents)
    }
}

impl Device for Rom {
    fn read(&mut self, offset: u64, size: u64, _ctx: &mut DeviceCtx) -> Option<u64> {
        let bytes = self.contents.lock().ok()?;
        let start = usize::try_from(offset).ok()?;
        let part = bytes.get(start..start.checked_add(size as usize)?)?;
        Some(part.iter().rev().fold(0, |v, &b| v << 8 | u64::from(b)))
    }

    fn write(&mut self, _: u64, _: u64, _: u64, _: &mut DeviceCtx) -> WriteOutcome {
        WriteOutcome::Fault
    }
}
