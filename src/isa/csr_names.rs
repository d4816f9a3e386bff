//! The CSR address map: number <-> name. Pure ISA knowledge shared by the
//! disassembler, the trace writer and the hart's CSR table.

macro_rules! csr_numbers {
    ($( $konst:ident $num:literal $name:literal; )*) => {
        $(
            #[doc = concat!("The number of the `", $name, "` CSR.")]
            pub const $konst: u16 = $num;
        )*
        static NAMES: &[(u16, &str)] = &[ $( ($num, $name), )* ];
    };
}

csr_numbers! {
    FFLAGS 0x001 "fflags";
    FRM 0x002 "frm";
    FCSR 0x003 "fcsr";
    CYCLE 0xc00 "cycle";
    TIME 0xc01 "time";
    INSTRET 0xc02 "instret";
    SSTATUS 0x100 "sstatus";
    SIE 0x104 "sie";
    STVEC 0x105 "stvec";
    SCOUNTEREN 0x106 "scounteren";
    SENVCFG 0x10a "senvcfg";
    SSCRATCH 0x140 "sscratch";
    SEPC 0x141 "sepc";
    SCAUSE 0x142 "scause";
    STVAL 0x143 "stval";
    SIP 0x144 "sip";
    SATP 0x180 "satp";
    STIMECMP 0x14d "stimecmp";
    MSTATUS 0x300 "mstatus";
    MISA 0x301 "misa";
    MEDELEG 0x302 "medeleg";
    MIDELEG 0x303 "mideleg";
    MIE 0x304 "mie";
    MTVEC 0x305 "mtvec";
    MCOUNTEREN 0x306 "mcounteren";
    MENVCFG 0x30a "menvcfg";
    MSCRATCH 0x340 "mscratch";
    MEPC 0x341 "mepc";
    MCAUSE 0x342 "mcause";
    MTVAL 0x343 "mtval";
    MIP 0x344 "mip";
    PMPCFG0 0x3a0 "pmpcfg0";
    PMPCFG2 0x3a2 "pmpcfg2";
    PMPADDR0 0x3b0 "pmpaddr0";
    TSELECT 0x7a0 "tselect";
    TDATA1 0x7a1 "tdata1";
    TDATA2 0x7a2 "tdata2";
    TDATA3 0x7a3 "tdata3";
    TINFO 0x7a4 "tinfo";
    MCYCLE 0xb00 "mcycle";
    MINSTRET 0xb02 "minstret";
    MCOUNTINHIBIT 0x320 "mcountinhibit";
    MVENDORID 0xf11 "mvendorid";
    MARCHID 0xf12 "marchid";
    MIMPID 0xf13 "mimpid";
    MHARTID 0xf14 "mhartid";
    MCONFIGPTR 0xf15 "mconfigptr";
}

/// The name of CSR `num`, as assemblers spell it; `None` for unnamed numbers.
pub fn csr_name(num: u16) -> Option<String> {
    if let Some(&(_, name)) = NAMES.iter().find(|(n, _)| *n == num) {
        return Some(name.to_string());
    }
    if (PMPADDR0..PMPADDR0 + 64).contains(&num) {
        return Some(format!("pmpaddr{}", num - PMPADDR0));
    }
    if (PMPCFG0..PMPCFG0 + 16).contains(&num) {
        return Some(format!("pmpcfg{}", num - PMPCFG0));
    }
    None
}

/// The number of the CSR called `name` (as `csr_name` spells it).
pub fn csr_number(name: &str) -> Option<u16> {
    if let Some(&(num, _)) = NAMES.iter().find(|(_, n)| *n == name) {
        return Some(num);
    }
    let indexed = |prefix: &str, count: u16| {
        let n: u16 = name.strip_prefix(prefix)?.parse().ok()?;
        (n < count && !name[prefix.len()..].starts_with('0') || name.len() == prefix.len() + 1)
            .then_some(n)
            .filter(|n| *n < count)
    };
    indexed("pmpaddr", 64)
        .map(|n| PMPADDR0 + n)
        .or_else(|| indexed("pmpcfg", 16).map(|n| PMPCFG0 + n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_known_and_numbered_csrs() {
        assert_eq!(csr_name(0x300).as_deref(), Some("mstatus"));
        assert_eq!(csr_name(0x3b5).as_deref(), Some("pmpaddr5"));
        assert_eq!(csr_name(0x7ff), None);
        assert_eq!(csr_number("mstatus"), Some(0x300));
        assert_eq!(csr_number("pmpaddr5"), Some(0x3b5));
        assert_eq!(csr_number("pmpaddr64"), None);
        assert_eq!(csr_number("pmpaddr05"), None);
        assert_eq!(csr_number("nonsense"), None);
    }
}
