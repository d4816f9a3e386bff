//! HTIF, the host-target interface of Spike and the riscv-tests: the guest
//! writes a command to the `tohost` word in RAM and the host answers in
//! `fromhost`. A command is `device << 56 | command << 48 | payload`:
//! - device 0, command 0, odd payload: exit with code `payload >> 1`;
//! - device 0, command 0, even payload: a system call whose arguments sit in
//!   guest memory at `payload` (`write` and `exit` are served, as Spike's proxy does);
//! - device 1, command 1: write the low byte to the console.

use super::Stop;
use crate::devices::{Console, GuestRam};

const SYS_WRITE: u64 = 64;
const SYS_EXIT: u64 = 93;
const ENOSYS: i64 = 38;
const EBADF: i64 = 9;
const EFAULT: i64 = 14;

pub struct Htif {
    tohost: u64,
    fromhost: Option<u64>,
}

impl Htif {
    pub fn new(tohost: u64, fromhost: Option<u64>) -> Self {
        Htif { tohost, fromhost }
    }

    pub fn tohost_addr(&self) -> u64 {
        self.tohost
    }

    /// Carry out the command now in `tohost`, then clear it.
    pub fn service(&mut self, ram: &mut impl GuestRam, console: &mut Console) -> Option<Stop> {
        let cmd = ram.read(self.tohost, 8)?;
        if cmd == 0 {
            return None;
        }
        let (device, command, payload) = (cmd >> 56, cmd >> 48 & 0xff, cmd & 0xffff_ffff_ffff);
        ram.write(self.tohost, 8, 0);
        match (device, command) {
            (0, 0) if payload & 1 == 1 => return Some(Stop::Exit(payload >> 1)),
            (0, 0) => {
                if let Some(stop) = self.syscall(payload, ram, console) {
                    return Some(stop);
                }
                self.respond(ram, 1);
            }
            (1, 1) => {
                console.put_byte(payload as u8);
                self.respond(ram, cmd & !0xffff_ffff_ffff);
            }
            _ => log::warn!("HTIF: unsupported command {cmd:#x} ignored"),
        }
        None
    }

    fn respond(&self, ram: &mut impl GuestRam, value: u64) {
        if let Some(addr) = self.fromhost {
            ram.write(addr, 8, value);
        }
    }

    /// Serve a proxied system call; its arguments are `[number, a0, a1, a2, ...]`
    /// at `args`, and the result goes back into the first word.
    fn syscall(
        &mut self,
        args: u64,
        ram: &mut impl GuestRam,
        console: &mut Console,
    ) -> Option<Stop> {
        let arg = |i: u64| ram.read(args + 8 * i, 8);
        let (Some(number), Some(a0), Some(a1), Some(a2)) = (arg(0), arg(1), arg(2), arg(3)) else {
            log::warn!("HTIF: system call block at {args:#x} is outside RAM");
            return None;
        };
        let result: i64 = match number {
            SYS_EXIT => return Some(Stop::Exit(a0)),
            SYS_WRITE if a0 == 1 || a0 == 2 => match ram.bytes(a1, a2) {
                Some(bytes) => {
                    console.put_bytes(bytes);
                    a2 as i64
                }
                None => -EFAULT,
            },
            SYS_WRITE => -EBADF,
            other => {
                log::warn!("HTIF: system call {other} is not supported");
                -ENOSYS
            }
        };
        ram.write(args, 8, result as u64);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RAM_BASE: u64 = 0x8000_0000;

    /// 4 KiB of RAM at `RAM_BASE`.
    struct TestRam(Vec<u8>);

    impl TestRam {
        fn at(&mut self, addr: u64, len: u64) -> Option<&mut [u8]> {
            let start = addr.checked_sub(RAM_BASE)? as usize;
            self.0.get_mut(start..start.checked_add(len as usize)?)
        }
    }

    impl GuestRam for TestRam {
        fn read(&self, addr: u64, size: u64) -> Option<u64> {
            let bytes = self.bytes(addr, size)?;
            Some(bytes.iter().rev().fold(0, |v, &b| v << 8 | b as u64))
        }

        fn write(&mut self, addr: u64, size: u64, value: u64) -> bool {
            let Some(bytes) = self.at(addr, size) else { return false };
            bytes.copy_from_slice(&value.to_le_bytes()[..size as usize]);
            true
        }

        fn bytes(&self, addr: u64, len: u64) -> Option<&[u8]> {
            let start = addr.checked_sub(RAM_BASE)? as usize;
            self.0.get(start..start.checked_add(len as usize)?)
        }
    }

    #[test]
    fn exit_putchar_and_write_syscall() {
        let mut ram = TestRam(vec![0; 4096]);
        let mut console = Console::captured();
        let (to, from) = (RAM_BASE, RAM_BASE + 64);
        let mut htif = Htif::new(to, Some(from));

        ram.write(to, 8, 1 << 56 | 1 << 48 | b'H' as u64);
        assert_eq!(htif.service(&mut ram, &mut console), None);
        assert_eq!(ram.read(to, 8), Some(0), "tohost is cleared");
        assert_eq!(ram.read(from, 8), Some(1 << 56 | 1 << 48));

        ram.at(RAM_BASE + 256, 2).unwrap().copy_from_slice(b"i\n");
        for (i, v) in [SYS_WRITE, 1, RAM_BASE + 256, 2].iter().enumerate() {
            ram.write(RAM_BASE + 128 + 8 * i as u64, 8, *v);
        }
        ram.write(to, 8, RAM_BASE + 128);
        assert_eq!(htif.service(&mut ram, &mut console), None);
        assert_eq!(ram.read(RAM_BASE + 128, 8), Some(2), "write returns the byte count");
        assert_eq!(console.captured_output().unwrap(), b"Hi\n");

        ram.write(to, 8, 21 << 1 | 1);
        assert_eq!(htif.service(&mut ram, &mut console), Some(Stop::Exit(21)));
    }
}
