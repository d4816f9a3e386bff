//! QEMU's loader conventions for the `virt` machine, as pure arithmetic:
//! where a raw kernel `Image`, an initrd and OpenSBI's `fw_dynamic_info` go,
//! and how a RISC-V Linux `Image` header reads. `Machine::boot` applies
//! them (images, `/chosen`, reset registers).

use crate::memory_map::RAM_BASE;

/// Firmware, kernel, initrd and extra raw images, as `--bios`, `--kernel`,
/// `--initrd` and `--load` give them (the bytes of each file).
#[derive(Debug, Default, Clone)]
pub struct BootImages {
    /// Firmware (ELF, or raw at the start of RAM), run first in M-mode.
    pub bios: Option<Vec<u8>>,
    /// The kernel (ELF, or a raw image such as Linux's `Image`).
    pub kernel: Option<Vec<u8>>,
    /// An initial ramdisk, announced in `/chosen`.
    pub initrd: Option<Vec<u8>>,
    /// Raw images at given addresses: (address, bytes, name for messages).
    pub raw: Vec<(u64, Vec<u8>, String)>,
}

/// RV64 kernels start at the first 2 MiB boundary after the firmware.
pub const KERNEL_ALIGN: u64 = 2 << 20;

/// The fields of a RISC-V Linux `Image` header that place it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageHeader {
    /// Where the image goes, past the 2 MiB-aligned start.
    pub text_offset: u64,
    /// The memory the kernel uses from its start (code, data, bss); 0 when
    /// the header does not say.
    pub image_size: u64,
}

/// `"RISCV\0\0\0"` at offset 48 (deprecated) and `"RSC\x05"` at 56.
const IMAGE_MAGIC: u64 = 0x0056_4353_4952;
const IMAGE_MAGIC2: u32 = 0x0543_5352;

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

/// The header of a RISC-V Linux `Image`, if `bytes` starts with one.
pub fn image_header(bytes: &[u8]) -> Option<ImageHeader> {
    let magic2 = u32::from_le_bytes(bytes.get(56..60)?.try_into().ok()?);
    if u64_at(bytes, 48)? != IMAGE_MAGIC && magic2 != IMAGE_MAGIC2 {
        return None;
    }
    Some(ImageHeader { text_offset: u64_at(bytes, 8)?, image_size: u64_at(bytes, 16)? })
}

/// Where a raw kernel starts: the first 2 MiB boundary at or after the end
/// of the firmware (RAM's start without firmware).
pub fn kernel_start(firmware_end: u64) -> u64 {
    firmware_end.max(RAM_BASE).div_ceil(KERNEL_ALIGN) * KERNEL_ALIGN
}

/// Where the initrd goes: far enough past the kernel's start that the
/// kernel does not overwrite it as it unpacks, but low enough to stay
/// reachable: half of RAM, at most 128 MiB, past the kernel's start.
pub fn initrd_start(kernel_start: u64, memory: u64) -> u64 {
    kernel_start + (memory / 2).min(128 << 20)
}

/// OpenSBI's `fw_dynamic_info` (version 2): magic, version, the next
/// stage's address and mode (S), options, boot hart.
pub fn fw_dynamic_info(next_addr: u64) -> [u8; 48] {
    const MAGIC: u64 = 0x4942_534f; // "OSBI"
    const VERSION: u64 = 2;
    const NEXT_MODE_S: u64 = 1;
    let words = [MAGIC, VERSION, next_addr, NEXT_MODE_S, 0, 0];
    let mut info = [0u8; 48];
    for (chunk, word) in info.chunks_exact_mut(8).zip(words) {
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    info
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernels_start_on_2_mib_boundaries() {
        assert_eq!(kernel_start(RAM_BASE), RAM_BASE);
        assert_eq!(kernel_start(RAM_BASE + 0x4_0000), RAM_BASE + KERNEL_ALIGN);
        assert_eq!(kernel_start(RAM_BASE + KERNEL_ALIGN), RAM_BASE + KERNEL_ALIGN);
    }

    #[test]
    fn initrds_go_half_way_or_128_mib_in() {
        assert_eq!(initrd_start(RAM_BASE, 64 << 20), RAM_BASE + (32 << 20));
        assert_eq!(initrd_start(RAM_BASE, 1 << 30), RAM_BASE + (128 << 20));
    }

    #[test]
    fn image_headers_are_recognised_by_either_magic() {
        let mut image = vec![0u8; 64];
        assert_eq!(image_header(&image), None);
        image[8..16].copy_from_slice(&0x20_0000u64.to_le_bytes());
        image[16..24].copy_from_slice(&0x150_0000u64.to_le_bytes());
        image[56..60].copy_from_slice(b"RSC\x05");
        let header = ImageHeader { text_offset: 0x20_0000, image_size: 0x150_0000 };
        assert_eq!(image_header(&image), Some(header));
        assert_eq!(image_header(&image[..40]), None, "too short");
    }
}
