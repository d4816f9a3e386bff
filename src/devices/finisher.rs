//! SiFive test finisher (QEMU `virt` at 0x100000): a 32-bit register whose low
//! half selects pass (0x5555), fail (0x3333, exit code in the high half) or
//! reset (0x7777). Other values are ignored, as QEMU does.

use super::{Device, DeviceCtx, Stop, WriteOutcome};

pub struct TestFinisher;

const PASS: u64 = 0x5555;
const FAIL: u64 = 0x3333;
const RESET: u64 = 0x7777;

impl Device for TestFinisher {
    fn read(&mut self, offset: u64, size: u64, _: &mut DeviceCtx) -> Option<u64> {
        (offset == 0 && (size == 2 || size == 4)).then_some(0)
    }

    fn write(&mut self, offset: u64, size: u64, value: u64, _: &mut DeviceCtx) -> WriteOutcome {
        if offset != 0 || !(size == 2 || size == 4) {
            return WriteOutcome::Fault;
        }
        let code = value >> 16 & 0xffff;
        match value & 0xffff {
            PASS => WriteOutcome::Stop(Stop::Exit(0)),
            FAIL => WriteOutcome::Stop(Stop::Exit(code)),
            RESET => WriteOutcome::Stop(Stop::Reset),
            _ => WriteOutcome::Done,
        }
    }
}
