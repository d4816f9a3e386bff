//! `--stats`, `--profile` and `--stats-json`: what a run counted, as lines
//! on stderr and as JSON for scripts.

use hartsim::debug::profile::Profile;
use hartsim::elf::Symbols;
use hartsim::{Counters, Trap};
use std::fmt::Write;

/// How many hot spots are listed.
const HOT_SPOTS: usize = 10;

/// A run's statistics.
pub struct RunStats<'a> {
    /// The machine's own counters.
    pub counters: Counters,
    /// Wall time of the run.
    pub seconds: f64,
    /// The per-instruction profile, with `--profile`.
    pub profile: Option<&'a Profile>,
}

/// `(name, count)` of each cause that happened.
fn causes(counts: &[u64; 16], interrupt: bool) -> Vec<(&'static str, u64)> {
    counts
        .iter()
        .enumerate()
        .filter(|&(_, &n)| n > 0)
        .map(|(code, &n)| (Trap::cause_name(code as u64, interrupt), n))
        .collect()
}

fn percent(part: u64, whole: u64) -> f64 {
    100.0 * part as f64 / whole.max(1) as f64
}

/// A JSON string literal.
fn quoted(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `{"name": n, ...}`.
fn object<'s>(pairs: impl IntoIterator<Item = (&'s str, u64)>) -> String {
    let fields: Vec<String> =
        pairs.into_iter().map(|(k, v)| format!("{}: {v}", quoted(k))).collect();
    format!("{{{}}}", fields.join(", "))
}

impl RunStats<'_> {
    fn mips(&self) -> f64 {
        self.counters.retired as f64 / self.seconds.max(1e-9) / 1e6
    }

    /// The lines for stderr.
    pub fn text(&self, symbols: &Symbols) -> String {
        let c = &self.counters;
        let mut out = format!(
            "hartsim: {} instructions retired in {:.3} s ({:.1} MIPS)\n",
            c.retired,
            self.seconds,
            self.mips()
        );
        let _ = writeln!(
            out,
            "hartsim: {} blocks built, {} block-cache flushes, {} TLB misses",
            c.blocks_built, c.block_flushes, c.tlb_misses
        );
        for (interrupt, counts) in [(false, &c.exceptions), (true, &c.interrupts)] {
            let list = causes(counts, interrupt);
            let total: u64 = list.iter().map(|(_, n)| n).sum();
            let kind = if interrupt { "interrupts" } else { "exceptions" };
            let detail: Vec<String> = list.iter().map(|(name, n)| format!("{name} {n}")).collect();
            let detail =
                if detail.is_empty() { String::new() } else { format!(": {}", detail.join(", ")) };
            let _ = writeln!(out, "hartsim: {total} {kind}{detail}");
        }
        let Some(p) = self.profile else { return out };
        let n = c.retired;
        let share = |map: &std::collections::BTreeMap<&str, u64>| {
            let mut v: Vec<(&&str, &u64)> = map.iter().collect();
            v.sort_by(|a, b| b.1.cmp(a.1));
            v.iter()
                .map(|(k, v)| format!("{k} {:.1}%", percent(**v, n)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(out, "hartsim: by extension: {}", share(&p.by_extension));
        let _ = writeln!(
            out,
            "hartsim: by class: {}; compressed {:.1}%",
            share(&p.by_class),
            percent(p.compressed, n)
        );
        let branches = p.branches_taken + p.branches_not_taken;
        let _ = writeln!(
            out,
            "hartsim: {branches} branches ({:.1}% taken), {} loads, {} stores",
            percent(p.branches_taken, branches),
            p.loads,
            p.stores
        );
        let spots: Vec<String> = p
            .hot_spots(symbols, HOT_SPOTS)
            .iter()
            .map(|(name, count)| format!("{name} {:.1}%", percent(*count, n)))
            .collect();
        let _ = writeln!(out, "hartsim: hot spots: {}", spots.join(", "));
        out
    }

    /// The JSON document for `--stats-json`.
    pub fn json(&self, symbols: &Symbols) -> String {
        let c = &self.counters;
        let mut out = format!(
            "{{\n  \"instructions\": {},\n  \"seconds\": {:.6},\n  \"mips\": {:.3},\n  \
             \"blocks_built\": {},\n  \"block_flushes\": {},\n  \"tlb_misses\": {},\n  \
             \"exceptions\": {},\n  \"interrupts\": {}",
            c.retired,
            self.seconds,
            self.mips(),
            c.blocks_built,
            c.block_flushes,
            c.tlb_misses,
            object(causes(&c.exceptions, false)),
            object(causes(&c.interrupts, true)),
        );
        if let Some(p) = self.profile {
            let spots: Vec<String> = p
                .hot_spots(symbols, HOT_SPOTS)
                .iter()
                .map(|(name, count)| {
                    format!("{{\"symbol\": {}, \"instructions\": {count}}}", quoted(name))
                })
                .collect();
            let _ = write!(
                out,
                ",\n  \"by_extension\": {},\n  \"by_class\": {},\n  \"compressed\": {},\n  \
                 \"branches_taken\": {},\n  \"branches_not_taken\": {},\n  \"loads\": {},\n  \
                 \"stores\": {},\n  \"hot_spots\": [{}]",
                object(p.by_extension.iter().map(|(k, v)| (*k, *v))),
                object(p.by_class.iter().map(|(k, v)| (*k, *v))),
                p.compressed,
                p.branches_taken,
                p.branches_not_taken,
                p.loads,
                p.stores,
                spots.join(", ")
            );
        }
        out.push_str("\n}\n");
        out
    }
}
