//! hartsim's RISC-V as GDB sees it: the registers of the `g` packet, GDB's
//! register numbering for the rest, and the target description (XML) that
//! names them, so `info registers`, `info all-registers`, `p $mcause` and
//! `p $priv` work.

use crate::Machine;
use crate::isa::format::{FREG_NAMES, XREG_NAMES};
use gdbstub::arch::{Arch, RegId, Registers};
use std::fmt::Write as _;
use std::num::NonZeroUsize;
use std::sync::OnceLock;

/// GDB's register number of `f0`.
const F0: usize = 33;
/// GDB's register number of CSR 0 (CSR n is `CSR0 + n`).
const CSR0: usize = 65;
/// GDB's register number of the privilege mode (`priv`).
const PRIV: usize = CSR0 + 4096;
/// CSRs GDB reads as 32-bit registers (`fflags`, `frm`, `fcsr`).
const FP_CSRS: [u16; 3] = [1, 2, 3];
/// The CSRs the target description lists (the FP ones are in the FPU feature).
const LISTED_CSRS: &[&str] = &[
    "mstatus",
    "misa",
    "medeleg",
    "mideleg",
    "mie",
    "mtvec",
    "mcounteren",
    "menvcfg",
    "mscratch",
    "mepc",
    "mcause",
    "mtval",
    "mip",
    "sstatus",
    "sie",
    "stvec",
    "scounteren",
    "senvcfg",
    "sscratch",
    "sepc",
    "scause",
    "stval",
    "sip",
    "satp",
    "mcycle",
    "minstret",
    "cycle",
    "time",
    "instret",
    "mvendorid",
    "marchid",
    "mimpid",
    "mhartid",
    "pmpcfg0",
    "pmpcfg2",
    "pmpaddr0",
    "pmpaddr1",
    "pmpaddr2",
    "pmpaddr3",
    "pmpaddr4",
    "pmpaddr5",
    "pmpaddr6",
    "pmpaddr7",
    "pmpaddr8",
    "pmpaddr9",
    "pmpaddr10",
    "pmpaddr11",
    "pmpaddr12",
    "pmpaddr13",
    "pmpaddr14",
    "pmpaddr15",
];

/// The architecture as hartsim describes it to GDB.
pub enum Rv64 {}

/// The registers of the `g` packet: `x0`-`x31`, then `pc`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct CoreRegs {
    /// `x0`-`x31`.
    pub x: [u64; 32],
    /// The pc.
    pub pc: u64,
}

impl Registers for CoreRegs {
    type ProgramCounter = u64;

    fn pc(&self) -> u64 {
        self.pc
    }

    fn gdb_serialize(&self, mut write_byte: impl FnMut(Option<u8>)) {
        for value in self.x.iter().chain([&self.pc]) {
            value.to_le_bytes().into_iter().for_each(|b| write_byte(Some(b)));
        }
    }

    fn gdb_deserialize(&mut self, bytes: &[u8]) -> Result<(), ()> {
        let mut words = bytes.chunks_exact(8).map(|c| {
            let mut le = [0u8; 8];
            le.copy_from_slice(c);
            u64::from_le_bytes(le)
        });
        for x in self.x.iter_mut() {
            *x = words.next().ok_or(())?;
        }
        self.pc = words.next().ok_or(())?;
        Ok(())
    }
}

/// One register by GDB's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RiscvReg {
    /// `x[n]`.
    X(u8),
    /// The pc.
    Pc,
    /// `f[n]`.
    F(u8),
    /// A CSR by number.
    Csr(u16),
    /// The privilege mode (GDB's `priv`: 0 U, 1 S, 3 M).
    Priv,
    /// A number hartsim has no register for: reading or writing it is an
    /// error reply (rather than "unsupported", which would make GDB stop
    /// using `p`/`P` altogether).
    Unknown,
}

impl RegId for RiscvReg {
    fn from_raw_id(id: usize) -> Option<(Self, Option<NonZeroUsize>)> {
        let reg = match id {
            0..=31 => RiscvReg::X(id as u8),
            32 => RiscvReg::Pc,
            F0..=64 => RiscvReg::F((id - F0) as u8),
            PRIV => RiscvReg::Priv,
            CSR0..PRIV => RiscvReg::Csr((id - CSR0) as u16),
            _ => RiscvReg::Unknown,
        };
        let bytes = match reg {
            RiscvReg::Csr(n) if FP_CSRS.contains(&n) => 4,
            _ => 8,
        };
        Some((reg, NonZeroUsize::new(bytes)))
    }
}

impl Arch for Rv64 {
    type Usize = u64;
    type Registers = CoreRegs;
    type BreakpointKind = usize;
    type RegId = RiscvReg;

    fn target_description_xml() -> Option<&'static str> {
        static XML: OnceLock<String> = OnceLock::new();
        Some(XML.get_or_init(target_description))
    }
}

/// GDB's target description: the standard RISC-V features with GDB's
/// register numbers, so `info registers`, `info all-registers`, `p $mcause`
/// and `p $priv` work.
fn target_description() -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n\
         <target version=\"1.0\">\n<architecture>riscv:rv64</architecture>\n\
         <feature name=\"org.gnu.gdb.riscv.cpu\">\n",
    );
    for (n, name) in XREG_NAMES.iter().enumerate() {
        let kind = match n {
            1 => "code_ptr",
            2 | 8 => "data_ptr",
            _ => "int",
        };
        let _ =
            writeln!(xml, "<reg name=\"{name}\" bitsize=\"64\" type=\"{kind}\" regnum=\"{n}\"/>");
    }
    xml.push_str("<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"32\"/>\n</feature>\n");
    xml.push_str(
        "<feature name=\"org.gnu.gdb.riscv.fpu\">\n<union id=\"riscv_double\">\
         <field name=\"float\" type=\"ieee_single\"/><field name=\"double\" \
         type=\"ieee_double\"/></union>\n",
    );
    for (n, name) in FREG_NAMES.iter().enumerate() {
        let _ = writeln!(
            xml,
            "<reg name=\"{name}\" bitsize=\"64\" type=\"riscv_double\" regnum=\"{}\"/>",
            F0 + n
        );
    }
    for (num, name) in FP_CSRS.iter().zip(["fflags", "frm", "fcsr"]) {
        let _ = writeln!(
            xml,
            "<reg name=\"{name}\" bitsize=\"32\" type=\"int\" regnum=\"{}\"/>",
            CSR0 + *num as usize
        );
    }
    xml.push_str("</feature>\n<feature name=\"org.gnu.gdb.riscv.csr\">\n");
    for name in LISTED_CSRS {
        if let Ok(num) = Machine::csr_number(name) {
            let _ = writeln!(
                xml,
                "<reg name=\"{name}\" bitsize=\"64\" type=\"int\" regnum=\"{}\" group=\"csr\"/>",
                CSR0 + num as usize
            );
        }
    }
    let _ = write!(
        xml,
        "</feature>\n<feature name=\"org.gnu.gdb.riscv.virtual\">\n\
         <reg name=\"priv\" bitsize=\"64\" type=\"int\" regnum=\"{PRIV}\"/>\n</feature>\n</target>\n"
    );
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn register_numbers_follow_gdbs_riscv_numbering() {
        assert_eq!(RiscvReg::from_raw_id(2).map(|r| r.0), Some(RiscvReg::X(2)));
        assert_eq!(RiscvReg::from_raw_id(32).map(|r| r.0), Some(RiscvReg::Pc));
        assert_eq!(RiscvReg::from_raw_id(33 + 10).map(|r| r.0), Some(RiscvReg::F(10)));
        let (fcsr, size) = RiscvReg::from_raw_id(65 + 3).unwrap();
        assert_eq!((fcsr, size.map(|s| s.get())), (RiscvReg::Csr(3), Some(4)));
        assert_eq!(RiscvReg::from_raw_id(65 + 0x342).map(|r| r.0), Some(RiscvReg::Csr(0x342)));
        assert_eq!(RiscvReg::from_raw_id(4161).map(|r| r.0), Some(RiscvReg::Priv));
        assert_eq!(RiscvReg::from_raw_id(4162).map(|r| r.0), Some(RiscvReg::Unknown));
    }

    #[test]
    fn the_description_lists_every_csr_under_its_number() {
        let xml = target_description();
        assert!(xml.contains("<reg name=\"mcause\" bitsize=\"64\" type=\"int\" regnum=\"899\""));
        assert!(xml.contains("<reg name=\"fcsr\" bitsize=\"32\" type=\"int\" regnum=\"68\"/>"));
        assert!(
            xml.contains("<reg name=\"ft0\" bitsize=\"64\" type=\"riscv_double\" regnum=\"33\"/>")
        );
        assert_eq!(xml.matches("group=\"csr\"").count(), LISTED_CSRS.len());
    }

    #[test]
    fn core_registers_round_trip_through_the_g_packet() {
        let mut regs = CoreRegs::default();
        regs.x[1] = 0x8000_0010;
        regs.pc = 0x8000_0004;
        let mut bytes = Vec::new();
        regs.gdb_serialize(|b| bytes.push(b.unwrap_or(0)));
        assert_eq!(bytes.len(), 33 * 8);
        let mut back = CoreRegs::default();
        back.gdb_deserialize(&bytes).unwrap();
        assert_eq!(back, regs);
        assert!(back.gdb_deserialize(&bytes[..100]).is_err(), "a short packet is refused");
    }
}
