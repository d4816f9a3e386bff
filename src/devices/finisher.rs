//! SiFive test finisher (QEMU `virt` at 0x100000): a 32-bit register whose low
//! half selects pass (0x5555), fail (0x3333, exit code in the high half) or
//! reset (0x7777). Other values are ignored, as QEMU does.

use super::{Device, DeviceCtx, DtNode, DtValue, PHANDLE_TEST, Stop, WriteOutcome};

pub struct TestFinisher;

const PASS: u64 = 0x5555;
const FAIL: u64 = 0x3333;
const RESET: u64 = 0x7777;

impl Device for TestFinisher {
    /// The finisher, and the syscon nodes through which firmware and
    /// kernels find how to power off and reboot with it (as on QEMU).
    fn device_tree(&self) -> Vec<DtNode> {
        let mut nodes = vec![
            DtNode::new("test")
                .with("compatible", DtValue::strings(&["sifive,test1", "sifive,test0", "syscon"]))
                .with("phandle", DtValue::U32(PHANDLE_TEST)),
        ];
        for (name, value) in [("poweroff", PASS), ("reboot", RESET)] {
            nodes.push(
                DtNode::new(name)
                    .with("compatible", DtValue::String(format!("syscon-{name}")))
                    .with("regmap", DtValue::U32(PHANDLE_TEST))
                    .with("offset", DtValue::U32(0))
                    .with("value", DtValue::U32(value as u32)),
            );
        }
        nodes
    }

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
