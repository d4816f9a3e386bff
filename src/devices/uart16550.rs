//! NS16550A UART at QEMU `virt`'s 0x10000000, as bare-metal programs drive it:
//! byte registers THR/RBR, IER, IIR/FCR, LCR (with the divisor latch), MCR,
//! LSR, MSR and SCR. Output goes straight to the console; the transmitter is
//! always empty, and input is ready whenever the console has a byte. The
//! interrupt line (PLIC source 10) is raised for received data and for an
//! empty transmitter, as enabled in IER.

use super::{Console, Device, DeviceCtx, DtNode, DtValue, WriteOutcome};

const RBR_THR: u64 = 0;
const IER: u64 = 1;
const IIR_FCR: u64 = 2;
const LCR: u64 = 3;
const MCR: u64 = 4;
const LSR: u64 = 5;
const MSR: u64 = 6;
const SCR: u64 = 7;

const LCR_DLAB: u8 = 0x80;
const LSR_DATA_READY: u8 = 0x01;
const LSR_THR_EMPTY: u8 = 0x20;
const LSR_TX_IDLE: u8 = 0x40;
const IER_RX: u8 = 0x01;
const IER_THRE: u8 = 0x02;
const IIR_NONE: u8 = 0x01;
const IIR_THRE: u8 = 0x02;
const IIR_RX: u8 = 0x04;
const IIR_FIFO_ON: u8 = 0xc0;

#[derive(Default)]
pub struct Uart16550 {
    ier: u8,
    fcr: u8,
    lcr: u8,
    mcr: u8,
    scr: u8,
    divisor: [u8; 2],
    /// A "transmitter empty" interrupt is owed: set when THR is written (it
    /// empties at once) or the interrupt is enabled; cleared by reading IIR.
    thre_pending: bool,
}

impl Uart16550 {
    /// Interrupt identification: received data first, then transmitter empty.
    fn iir(&mut self, console: &mut Console) -> u8 {
        let fifo = if self.fcr & 1 != 0 { IIR_FIFO_ON } else { 0 };
        let id = if self.ier & IER_RX != 0 && console.input_ready() {
            IIR_RX
        } else if self.ier & IER_THRE != 0 && self.thre_pending {
            self.thre_pending = false;
            IIR_THRE
        } else {
            IIR_NONE
        };
        fifo | id
    }

    /// The level of the UART's interrupt line.
    fn irq_level(&self, console: &mut Console) -> bool {
        (self.ier & IER_RX != 0 && console.input_ready())
            || (self.ier & IER_THRE != 0 && self.thre_pending)
    }
}

impl Device for Uart16550 {
    fn interrupt_level(&mut self, ctx: &mut DeviceCtx) -> bool {
        self.irq_level(ctx.console)
    }

    /// With received-data interrupts enabled, input arriving raises the line.
    fn waits_for_input(&self) -> bool {
        self.ier & IER_RX != 0
    }

    fn device_tree(&self) -> Vec<DtNode> {
        vec![
            DtNode::new("serial")
                .with("compatible", DtValue::String("ns16550a".into()))
                .with("clock-frequency", DtValue::U32(3_686_400)),
        ]
    }

    fn reset(&mut self) {
        *self = Uart16550::default();
    }

    fn read(&mut self, offset: u64, _size: u64, ctx: &mut DeviceCtx) -> Option<u64> {
        let dlab = self.lcr & LCR_DLAB != 0;
        let v = match offset {
            RBR_THR if dlab => self.divisor[0],
            IER if dlab => self.divisor[1],
            RBR_THR => {
                ctx.console.flush();
                ctx.console.take_input().unwrap_or(0)
            }
            IER => self.ier,
            IIR_FCR => self.iir(ctx.console),
            LCR => self.lcr,
            MCR => self.mcr,
            LSR => {
                let ready = if ctx.console.input_ready() { LSR_DATA_READY } else { 0 };
                LSR_THR_EMPTY | LSR_TX_IDLE | ready
            }
            // Clear to send, data set ready, carrier detect.
            MSR => 0xb0,
            SCR => self.scr,
            _ => 0,
        };
        Some(v as u64)
    }

    fn write(&mut self, offset: u64, _size: u64, value: u64, ctx: &mut DeviceCtx) -> WriteOutcome {
        let (byte, dlab) = (value as u8, self.lcr & LCR_DLAB != 0);
        match offset {
            RBR_THR if dlab => self.divisor[0] = byte,
            IER if dlab => self.divisor[1] = byte,
            RBR_THR => {
                ctx.console.put_byte(byte);
                self.thre_pending = true;
            }
            IER => {
                if byte & IER_THRE != 0 && self.ier & IER_THRE == 0 {
                    self.thre_pending = true;
                }
                self.ier = byte & 0x0f;
            }
            IIR_FCR => self.fcr = byte,
            LCR => self.lcr = byte,
            MCR => self.mcr = byte & 0x1f,
            SCR => self.scr = byte,
            _ => {}
        }
        WriteOutcome::Done
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::devices::Console;

    #[test]
    fn transmits_receives_and_reports_line_status() {
        let mut console = Console::captured_with_input(b"k");
        let mut uart = Uart16550::default();
        let mut ctx = DeviceCtx { now: 0, console: &mut console };
        uart.write(RBR_THR, 1, b'A' as u64, &mut ctx);
        assert_eq!(uart.read(LSR, 1, &mut ctx), Some(0x61), "data ready, transmitter empty");
        assert_eq!(uart.read(RBR_THR, 1, &mut ctx), Some(b'k' as u64));
        assert_eq!(uart.read(LSR, 1, &mut ctx), Some(0x60));
        // The divisor latch hides THR while DLAB is set.
        uart.write(LCR, 1, 0x83, &mut ctx);
        uart.write(RBR_THR, 1, 3, &mut ctx);
        assert_eq!(uart.read(RBR_THR, 1, &mut ctx), Some(3));
        uart.write(LCR, 1, 0x03, &mut ctx);
        assert_eq!(console.captured_output().unwrap(), b"A");
    }

    #[test]
    fn interrupt_line_follows_ier_input_and_iir() {
        let mut console = Console::captured_with_input(b"z");
        let mut uart = Uart16550::default();
        let mut ctx = DeviceCtx { now: 0, console: &mut console };
        assert!(!uart.irq_level(ctx.console));
        uart.write(IER, 1, IER_RX as u64, &mut ctx);
        assert!(uart.irq_level(ctx.console));
        assert_eq!(uart.read(IIR_FCR, 1, &mut ctx), Some(IIR_RX as u64));
        uart.read(RBR_THR, 1, &mut ctx);
        assert!(!uart.irq_level(ctx.console), "input consumed");
        uart.write(IER, 1, (IER_RX | IER_THRE) as u64, &mut ctx);
        assert!(uart.irq_level(ctx.console), "transmitter empty");
        assert_eq!(uart.read(IIR_FCR, 1, &mut ctx), Some(IIR_THRE as u64));
        assert!(!uart.irq_level(ctx.console), "cleared by reading IIR");
    }
}
