//! Which extensions a hart implements, and the ISA strings that name them
//! (`--isa rv64gc_zba_zbb`, in Spike's syntax; the device tree's
//! `riscv,isa` and `riscv,isa-extensions`; the letters in `misa`).

use std::fmt;

/// Declares the extensions: each with its name in ISA strings.
macro_rules! extensions {
    ($($ext:ident $name:literal,)*) => {
        /// An ISA extension hartsim can implement.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Ext {
            $(
                #[doc = concat!("The `", $name, "` extension.")]
                $ext,
            )*
        }

        impl Ext {
            /// Every extension, in canonical ISA-string order.
            pub const ALL: &'static [Ext] = &[$(Ext::$ext,)*];

            /// Its name in an ISA string (`"m"`, `"zba"`).
            pub fn name(self) -> &'static str {
                match self { $(Ext::$ext => $name,)* }
            }
        }
    };
}

// Canonical order: single letters in `IMAFDQLCBKJTPVH` order, then `Z`
// extensions by category letter (Zi*, Zf*, Zb*) and name, as the ISA
// manual's naming chapter orders them.
extensions! {
    I "i",
    M "m",
    A "a",
    F "f",
    D "d",
    C "c",
    Zicbom "zicbom",
    Zicbop "zicbop",
    Zicboz "zicboz",
    Zicntr "zicntr",
    Zicond "zicond",
    Zicsr "zicsr",
    Zifencei "zifencei",
    Zihintntl "zihintntl",
    Zihintpause "zihintpause",
    Zfh "zfh",
    Zfhmin "zfhmin",
    Zba "zba",
    Zbb "zbb",
    Zbc "zbc",
    Zbkb "zbkb",
    Zbkx "zbkx",
    Zbs "zbs",
    Sstc "sstc",
    Svpbmt "svpbmt",
}

/// Bytes in a cache block as the Zicbo* instructions see it (`cbo.zero`
/// zeroes this many; the device tree states it).
pub const CACHE_BLOCK_BYTES: u64 = 64;

/// A set of extensions, one bit each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub struct ExtSet(u32);

impl ExtSet {
    /// No extensions.
    pub const EMPTY: ExtSet = ExtSet(0);

    /// The set of `exts` (usable in constants).
    pub const fn of(exts: &[Ext]) -> ExtSet {
        let mut bits = 0;
        let mut i = 0;
        while i < exts.len() {
            bits |= 1 << exts[i] as u8;
            i += 1;
        }
        ExtSet(bits)
    }

    /// Whether `ext` is in the set.
    #[inline(always)]
    pub const fn has(self, ext: Ext) -> bool {
        self.0 >> ext as u8 & 1 != 0
    }

    /// Whether every extension in `other` is in the set.
    #[inline(always)]
    pub const fn contains_all(self, other: ExtSet) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether the set and `other` share an extension.
    #[inline(always)]
    pub const fn intersects(self, other: ExtSet) -> bool {
        self.0 & other.0 != 0
    }

    /// The set plus `ext`.
    pub fn with(self, ext: Ext) -> ExtSet {
        ExtSet(self.0 | 1 << ext as u8)
    }

    /// The extensions in the set, in canonical ISA-string order.
    pub fn iter(self) -> impl Iterator<Item = Ext> {
        Ext::ALL.iter().copied().filter(move |&e| self.has(e))
    }
}

/// What an instruction needs to decode: at least one of `any` (an
/// instruction can belong to several extensions, like `rev8` to Zbb and
/// Zbkb) and all of `all` (`fcvt.d.h` needs D besides Zfhmin).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Requires {
    /// Extensions of which at least one must be present.
    pub any: ExtSet,
    /// Extensions that must all be present (often none).
    pub all: ExtSet,
}

impl Requires {
    /// Whether a hart with extensions `exts` can decode the instruction.
    #[inline(always)]
    pub const fn met_by(self, exts: ExtSet) -> bool {
        exts.intersects(self.any) && exts.contains_all(self.all)
    }
}

/// A hart's instruction set: RV64 with these extensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Isa {
    /// The extensions the hart implements.
    pub exts: ExtSet,
}

/// Extensions hartsim always implements whatever the string says: the
/// privileged architecture cannot work without CSRs, and Spike likewise
/// treats them as part of the base for old-style strings.
/// Zicntr (`cycle`, `time`, `instret`) is part of every hart too.
const ALWAYS: ExtSet = ExtSet::of(&[Ext::I, Ext::Zicntr, Ext::Zicsr, Ext::Zifencei]);

/// An extension that needs others: `(ext, what it needs)`.
const DEPENDS: &[(Ext, Ext)] = &[(Ext::D, Ext::F), (Ext::Zfh, Ext::F), (Ext::Zfhmin, Ext::F)];

/// Extensions in Spike's names that hartsim does not implement, for a
/// precise error (anything else unknown is just "unknown").
const KNOWN_UNSUPPORTED: &[&str] = &[
    "e", "q", "l", "b", "k", "j", "t", "p", "v", "h", "s", "u", "n", "zfa", "zfbfmin", "zvfh",
    "zkn", "zknd", "zkne", "zknh", "zks", "zksed", "zksh", "zbkc", "zkr", "zkt", "zca", "zcb",
    "zcd", "zcf", "zcmp", "zcmt", "zacas", "zawrs", "zabha", "zimop", "zcmop", "zihpm", "zve32x",
    "zve64x", "zvl128b", "svinval", "svnapot", "svpbmt", "sstc", "smaia", "ssaia", "zfinx",
    "zdinx", "zhinx", "zhinxmin", "xdummy",
];

/// A bad `--isa` string.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IsaError {
    /// The string does not start with `rv64`: the string.
    #[error("ISA string {0:?} must start with rv64 (hartsim is a 64-bit hart; e.g. rv64gc)")]
    Base(String),
    /// The letter after `rv64` is not `i` or `g`: the string.
    #[error("ISA string {0:?}: the base must be i or g after rv64 (e.g. rv64imac, rv64gc)")]
    BaseLetter(String),
    /// A real extension that hartsim does not implement.
    #[error("ISA string {text:?}: extension {ext:?} is not supported by hartsim")]
    Unsupported {
        /// The ISA string as given.
        text: String,
        /// The extension's name.
        ext: String,
    },
    /// A name that is no extension hartsim knows of.
    #[error("ISA string {text:?}: unknown extension {ext:?}")]
    Unknown {
        /// The ISA string as given.
        text: String,
        /// The unrecognised name.
        ext: String,
    },
    /// An extension named twice.
    #[error("ISA string {text:?}: extension {ext:?} appears twice")]
    Duplicate {
        /// The ISA string as given.
        text: String,
        /// The repeated extension's name.
        ext: String,
    },
    /// An extension without one it depends on (`d` without `f`).
    #[error("ISA string {text:?}: {ext} needs {needs}")]
    Missing {
        /// The ISA string as given.
        text: String,
        /// The extension's name.
        ext: &'static str,
        /// The name of the extension it needs.
        needs: &'static str,
    },
}

impl Isa {
    /// RV64GC: the strict base machine (`--isa rv64gc`).
    pub const RV64GC: Isa = Isa {
        exts: ExtSet::of(&[
            Ext::I,
            Ext::M,
            Ext::A,
            Ext::F,
            Ext::D,
            Ext::C,
            Ext::Zicntr,
            Ext::Zicsr,
            Ext::Zifencei,
        ]),
    };

    /// hartsim's default: RV64GC and every extension it implements, so a
    /// program built with `-march=rv64gc_zba_zbb` (what compilers emit for
    /// RVA22-class targets) just runs.
    pub const fn full() -> Isa {
        Isa { exts: ExtSet::of(Ext::ALL) }
    }

    /// Whether the hart implements `ext`.
    #[inline(always)]
    pub fn has(&self, ext: Ext) -> bool {
        self.exts.has(ext)
    }

    /// Parse an ISA string in Spike's syntax: `rv64` + `i` or `g` + single
    /// letters, then `_`-separated multi-letter extensions (`rv64gc_zba_zbb`).
    /// Case is ignored.
    pub fn parse(text: &str) -> Result<Isa, IsaError> {
        let lower = text.trim().to_ascii_lowercase();
        let Some(rest) = lower.strip_prefix("rv64") else {
            return Err(IsaError::Base(text.to_string()));
        };
        let mut parts = rest.split('_');
        let letters = parts.next().unwrap_or_default();
        let mut exts = ExtSet::EMPTY;
        let add = |exts: &mut ExtSet, name: &str, ext: Ext| {
            if exts.has(ext) && !ALWAYS.has(ext) {
                return Err(IsaError::Duplicate { text: text.to_string(), ext: name.to_string() });
            }
            *exts = exts.with(ext);
            Ok(())
        };
        let mut chars = letters.chars();
        match chars.next() {
            Some('i') => add(&mut exts, "i", Ext::I)?,
            Some('g') => {
                for e in [Ext::I, Ext::M, Ext::A, Ext::F, Ext::D, Ext::Zicsr, Ext::Zifencei] {
                    exts = exts.with(e);
                }
            }
            Some('e') => {
                return Err(IsaError::Unsupported { text: text.to_string(), ext: "e".into() });
            }
            _ => return Err(IsaError::BaseLetter(text.to_string())),
        }
        for c in chars {
            let name = c.to_string();
            let ext = match c {
                'm' => Ext::M,
                'a' => Ext::A,
                'f' => Ext::F,
                'd' => Ext::D,
                'c' => Ext::C,
                'g' | 'i' => {
                    return Err(IsaError::Duplicate { text: text.to_string(), ext: name });
                }
                _ => return Err(unknown_or_unsupported(text, &name)),
            };
            add(&mut exts, &name, ext)?;
        }
        for name in parts {
            if name.is_empty() {
                continue;
            }
            let Some(&ext) = Ext::ALL.iter().find(|e| e.name() == name && name.len() > 1) else {
                return Err(unknown_or_unsupported(text, name));
            };
            add(&mut exts, name, ext)?;
        }
        exts = ExtSet(exts.0 | ALWAYS.0);
        for &(ext, needs) in DEPENDS {
            if exts.has(ext) && !exts.has(needs) {
                return Err(IsaError::Missing {
                    text: text.to_string(),
                    ext: ext.name(),
                    needs: needs.name(),
                });
            }
        }
        // Zfh includes Zfhmin.
        if exts.has(Ext::Zfh) {
            exts = exts.with(Ext::Zfhmin);
        }
        Ok(Isa { exts })
    }

    /// The `misa` value: MXL = 2 (64-bit), the single-letter extensions, and
    /// S and U (hartsim always has both modes).
    pub fn misa(&self) -> u64 {
        let letter = |c: u8| 1u64 << (c - b'a');
        let mut misa = 2u64 << 62 | letter(b's') | letter(b'u');
        for ext in self.exts.iter() {
            let name = ext.name().as_bytes();
            if name.len() == 1 {
                misa |= letter(name[0]);
            }
        }
        misa
    }

    /// Extension names for the device tree's `riscv,isa-extensions`.
    pub fn extension_names(&self) -> Vec<&'static str> {
        self.exts.iter().map(Ext::name).collect()
    }
}

impl Default for Isa {
    fn default() -> Self {
        Isa::full()
    }
}

/// The full ISA string, canonical order: `rv64imafdc_zicsr_zifencei_zba`.
impl fmt::Display for Isa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("rv64")?;
        for ext in self.exts.iter().filter(|e| e.name().len() == 1) {
            f.write_str(ext.name())?;
        }
        for ext in self.exts.iter().filter(|e| e.name().len() > 1) {
            write!(f, "_{}", ext.name())?;
        }
        Ok(())
    }
}

fn unknown_or_unsupported(text: &str, ext: &str) -> IsaError {
    let (text, ext) = (text.to_string(), ext.to_string());
    if KNOWN_UNSUPPORTED.contains(&ext.as_str()) {
        IsaError::Unsupported { text, ext }
    } else {
        IsaError::Unknown { text, ext }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_spike_style_strings() {
        assert_eq!(Isa::parse("rv64gc").unwrap(), Isa::RV64GC);
        assert_eq!(Isa::parse("RV64IMAFDC").unwrap(), Isa::RV64GC);
        let isa = Isa::parse("rv64gc_zba_zbb_zbs").unwrap();
        assert!(isa.has(Ext::Zba) && isa.has(Ext::Zbb) && isa.has(Ext::Zbs));
        assert!(!isa.has(Ext::Zbc));
        let i = Isa::parse("rv64i").unwrap();
        assert!(!i.has(Ext::M) && i.has(Ext::Zicsr));
        let imac = Isa::parse("rv64imac").unwrap();
        assert!(imac.has(Ext::C) && !imac.has(Ext::F));
        assert!(Isa::parse("rv64gc_zfh").unwrap().has(Ext::Zfhmin));
    }

    #[test]
    fn rejects_bad_strings_with_a_reason() {
        let err = |s: &str| Isa::parse(s).unwrap_err().to_string();
        assert!(err("rv32gc").contains("must start with rv64"), "{}", err("rv32gc"));
        assert!(err("rv64gcv").contains("\"v\" is not supported"), "{}", err("rv64gcv"));
        assert!(err("rv64gc_zfoo").contains("unknown extension \"zfoo\""));
        assert!(err("rv64gc_zba_zba").contains("appears twice"));
        assert!(err("rv64imm").contains("appears twice"));
        assert!(err("rv64id").contains("d needs f"));
        assert!(err("rv64e").contains("not supported"));
        assert!(err("rv64x").contains("base must be i or g"));
        assert!(err("").contains("must start with rv64"));
    }

    #[test]
    fn names_and_misa() {
        assert_eq!(Isa::RV64GC.to_string(), "rv64imafdc_zicntr_zicsr_zifencei");
        assert_eq!(Isa::parse(&Isa::full().to_string()).unwrap(), Isa::full());
        // RV64 (MXL=2), A C D F I M S U.
        assert_eq!(Isa::RV64GC.misa(), 0x8000_0000_0014_112d);
    }
}
